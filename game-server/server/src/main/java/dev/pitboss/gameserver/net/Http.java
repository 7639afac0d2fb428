package dev.pitboss.gameserver.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** The WebSocket port speaks WebSocket at {@code /ws} only. */
final class Http {
  private Http() {}

  static void notFound(ChannelHandlerContext ctx, FullHttpRequest request) {
    var body = Unpooled.copiedBuffer("WebSocket endpoint is /ws\n", StandardCharsets.UTF_8);
    var response =
        new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NOT_FOUND, body);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
