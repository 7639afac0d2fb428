package dev.pitboss.gameserver.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The players' port: WebSocket at {@code /ws}, text frames of at most {@code maxFrameBytes}, a
 * server ping after {@code ping} of silence and a close after {@code idleTimeout} without a frame
 * or a pong. Netty's event loops only parse and write; table work runs on each table's own thread.
 */
public final class GameSocketServer implements AutoCloseable {

  public record Settings(
      InetSocketAddress bind, int maxFrameBytes, Duration ping, Duration idleTimeout) {}

  private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
  private final Channel channel;

  public GameSocketServer(Settings settings, Gateway gateway) throws InterruptedException {
    var websocket =
        WebSocketServerProtocolConfig.newBuilder()
            .websocketPath("/ws")
            .checkStartsWith(false)
            .handleCloseFrames(true)
            .dropPongFrames(true)
            .decoderConfig(
                WebSocketDecoderConfig.newBuilder()
                    .maxFramePayloadLength(settings.maxFrameBytes())
                    .allowExtensions(false)
                    // We answer with our own error code first, then close with 1009 / 1002.
                    .closeOnProtocolViolation(false)
                    .build())
            .build();
    channel =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(
                ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(64 << 10, 256 << 10))
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    // Idleness is judged on raw bytes, before the WebSocket layer drops pongs.
                    ch.pipeline()
                        .addLast(
                            new IdleStateHandler(
                                settings.idleTimeout().toMillis(),
                                settings.ping().toMillis(),
                                0,
                                TimeUnit.MILLISECONDS))
                        .addLast(new HttpServerCodec(4096, 8192, 8192))
                        .addLast(new HttpObjectAggregator(16 << 10))
                        .addLast(new WebSocketServerProtocolHandler(websocket))
                        .addLast(new Connection(gateway));
                  }
                })
            .bind(settings.bind())
            .sync()
            .channel();
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  /** Stops accepting and closes every connection. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
