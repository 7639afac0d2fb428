package dev.pitboss.gameserver.net;

import dev.pitboss.gameserver.protocol.ClientMessage;
import dev.pitboss.gameserver.protocol.ErrorCode;
import dev.pitboss.gameserver.protocol.ServerFrames;
import dev.pitboss.gameserver.table.Table;
import dev.pitboss.gameserver.table.TableActor;
import dev.pitboss.gameserver.table.TableEvent;
import dev.pitboss.gameserver.table.TableException;
import dev.pitboss.gameserver.ticket.TicketVerifier;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's WebSocket: parses its frames, checks its ticket, and follows one table as a seated
 * player or an observer. Everything the table says to this client is written from the table's
 * thread, in the table's order, so the welcome, the events and the answers never overtake each
 * other.
 */
final class Connection extends SimpleChannelInboundHandler<Object> implements TableActor.Viewer {

  private static final Logger log = LoggerFactory.getLogger(Connection.class);

  /** A client this far behind on reading is cut off; it can resume from its last event. */
  private static final long SLOW_CLIENT_BYTES = 1 << 20;

  private final Gateway gateway;
  private final RateLimit rateLimit;
  private ChannelHandlerContext ctx;

  // Written on the table's thread (join, leave), read there and on the event loop.
  private volatile TableActor actor;
  private volatile String player;
  private volatile int seat = TableEvent.OBSERVER;

  Connection(Gateway gateway) {
    this.gateway = gateway;
    this.rateLimit = gateway.rateLimit();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    gateway.metrics().connections.inc();
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    gateway.metrics().connections.dec();
    var a = actor;
    if (a != null) a.unsubscribe(this);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
    long read = System.nanoTime();
    switch (msg) {
      case TextWebSocketFrame text -> onText(text.text(), read);
      case FullHttpRequest request -> Http.notFound(ctx, request);
      case WebSocketFrame other -> refuse(null, ErrorCode.BINARY_NOT_SUPPORTED, "send text frames");
      default -> {}
    }
  }

  private void onText(String text, long read) {
    if (!rateLimit.tryTake()) {
      refuse(null, ErrorCode.RATE_LIMITED, "too many frames; slow down");
      if (rateLimit.abusive()) close(WebSocketCloseStatus.POLICY_VIOLATION, "flooding");
      return;
    }
    ClientMessage message;
    try {
      message = ClientMessage.parse(text);
    } catch (ClientMessage.Invalid e) {
      refuse(e.requestId(), e.code(), e.getMessage());
      return;
    }
    switch (message) {
      case ClientMessage.Ping p -> write(ServerFrames.pong(p.id(), gateway.clock().millis()));
      case ClientMessage.Join j -> Thread.ofVirtual().start(() -> join(j));
      case ClientMessage.Observe o -> observe(o);
      case ClientMessage.Resume r -> resume(r);
      case ClientMessage.Act a ->
          onSeat(
              a.id(),
              table -> {
                table.act(player, a.action());
                gateway.metrics().actionBroadcast(read);
                return null;
              });
      case ClientMessage.Leave l ->
          onSeat(
              l.id(),
              table -> {
                table.leave(player);
                return null;
              });
      case ClientMessage.SitOut s ->
          onSeat(
              s.id(),
              table -> {
                table.sitOut(player, s.out());
                return null;
              });
    }
  }

  /** Runs on a virtual thread: the ticket check may wait on Redis, the buy-in on the wallet. */
  private void join(ClientMessage.Join join) {
    if (actor != null) {
      refuse(join.id(), ErrorCode.ALREADY_JOINED, "this connection already follows a table");
      return;
    }
    if (!gateway.accepting()) {
      refuse(join.id(), ErrorCode.SERVER_DRAINING, "this server takes no new seats");
      return;
    }
    TicketVerifier.Ticket ticket;
    try {
      ticket = gateway.tickets().verify(join.ticket(), id -> gateway.table(id).isPresent());
    } catch (TicketVerifier.Refused e) {
      refuse(join.id(), e.code(), e.getMessage());
      return;
    }
    var target = gateway.table(ticket.table()).orElse(null);
    if (target == null) {
      refuse(join.id(), ErrorCode.UNKNOWN_TABLE, "table " + ticket.table() + " is not here");
      return;
    }
    var done =
        target.ask(
            table -> {
              if (table.seatOf(ticket.player()).isEmpty()) {
                if (!table.isCash())
                  throw new TableException(
                      ErrorCode.NOT_SEATED, "the tournament director has not seated you here");
                var currency = table.rules().cash().currency();
                if (!currency.equals(ticket.currency()) || ticket.hold() == null)
                  throw new TableException(
                      ErrorCode.TICKET_INVALID, "the ticket's buy-in is not in " + currency);
                table.buyIn(ticket.player(), ticket.seat(), ticket.buyIn(), ticket.hold());
                gateway.boughtIn(table.id(), table.rules().owner(), ticket.seat(), ticket.player());
              }
              player = ticket.player();
              seat = table.seatOf(player).orElseThrow();
              actor = target;
              target.subscribe(this);
              var session = gateway.sessions().open(table.id(), player);
              write(welcome(join.id(), "player", session, target, table));
              return null;
            });
    answerFailures(join.id(), done);
  }

  private void observe(ClientMessage.Observe observe) {
    if (actor != null) {
      refuse(observe.id(), ErrorCode.ALREADY_JOINED, "this connection already follows a table");
      return;
    }
    var target = gateway.table(observe.table()).orElse(null);
    if (target == null) {
      refuse(observe.id(), ErrorCode.UNKNOWN_TABLE, "table " + observe.table() + " is not here");
      return;
    }
    answerFailures(
        observe.id(),
        target.ask(
            table -> {
              actor = target;
              target.subscribe(this);
              write(welcome(observe.id(), "observer", null, target, table));
              return null;
            }));
  }

  /**
   * Resumes a seat after a lost connection: the events after {@code lastSeq} if the table still
   * keeps them (no gap, no repeat), otherwise a fresh welcome with the snapshot.
   */
  private void resume(ClientMessage.Resume resume) {
    if (actor != null) {
      refuse(resume.id(), ErrorCode.ALREADY_JOINED, "this connection already follows a table");
      return;
    }
    var session = gateway.sessions().find(resume.session()).orElse(null);
    var target = session == null ? null : gateway.table(session.table()).orElse(null);
    if (target == null) {
      refuse(resume.id(), ErrorCode.RESUME_REFUSED, "unknown or expired session");
      return;
    }
    answerFailures(
        resume.id(),
        target.ask(
            table -> {
              var at = table.seatOf(session.player());
              if (at.isEmpty())
                throw new TableException(ErrorCode.RESUME_REFUSED, "you are no longer seated");
              player = session.player();
              seat = at.get();
              actor = target;
              var missed = target.events().after(resume.lastSeq());
              if (missed.isPresent()) {
                write(ServerFrames.resumed(resume.id(), resume.lastSeq(), missed.get().size()));
                for (var e : missed.get()) deliver(e.seq(), e.event().forViewer(seat));
              } else {
                write(welcome(resume.id(), "player", resume.session(), target, table));
              }
              target.subscribe(this);
              return null;
            }));
  }

  private String welcome(
      String requestId, String role, String session, TableActor target, Table table) {
    return ServerFrames.welcome(
        requestId,
        role,
        player,
        session,
        target.events().last(),
        table.rules(),
        table.snapshot(seat));
  }

  /** A seated player's request, run on the table's thread; answered there, after its events. */
  private void onSeat(String requestId, Function<Table, Void> request) {
    var a = actor;
    if (a == null || player == null || seat == TableEvent.OBSERVER) {
      refuse(requestId, ErrorCode.NOT_SEATED, "join a table with a ticket first");
      return;
    }
    answerFailures(
        requestId,
        a.ask(
            table -> {
              request.apply(table);
              if (requestId != null) write(ServerFrames.ok(requestId));
              return null;
            }));
  }

  private void answerFailures(String requestId, java.util.concurrent.CompletableFuture<?> done) {
    done.whenComplete(
        (ok, failure) -> {
          if (failure == null) return;
          var cause = failure instanceof CompletionException ? failure.getCause() : failure;
          if (cause instanceof TableException e) refuse(requestId, e.code(), e.getMessage());
          else {
            log.error("request failed", cause);
            refuse(requestId, ErrorCode.BAD_FRAME, "the server could not handle this request");
          }
        });
  }

  @Override
  public int seat() {
    return seat;
  }

  @Override
  public void deliver(long seq, TableEvent event) {
    write(ServerFrames.event(seq, event));
    // Once this player's seat is given up, the connection only observes: a new player in the same
    // seat must never have their cards sent here.
    if (event instanceof TableEvent.SeatLeft left && left.seat() == seat)
      seat = TableEvent.OBSERVER;
  }

  private void refuse(String requestId, ErrorCode code, String message) {
    gateway.metrics().rejected(code.name());
    write(ServerFrames.error(requestId, code, message));
  }

  private void write(String json) {
    var c = ctx;
    if (c == null || !c.channel().isActive()) return;
    if (!c.channel().isWritable() && c.channel().bytesBeforeWritable() > SLOW_CLIENT_BYTES) {
      close(WebSocketCloseStatus.POLICY_VIOLATION, "too slow to read; resume later");
      return;
    }
    c.writeAndFlush(new TextWebSocketFrame(json));
  }

  private void close(WebSocketCloseStatus status, String reason) {
    ctx.writeAndFlush(new CloseWebSocketFrame(status, reason))
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent idle) {
      if (idle.state() == IdleState.WRITER_IDLE) ctx.writeAndFlush(new PingWebSocketFrame());
      else if (idle.state() == IdleState.READER_IDLE)
        close(WebSocketCloseStatus.POLICY_VIOLATION, "no heartbeat");
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException corrupt) {
      var tooBig = corrupt.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG;
      var code = tooBig ? ErrorCode.FRAME_TOO_LARGE : ErrorCode.BAD_FRAME;
      refuse(null, code, corrupt.getMessage());
      close(corrupt.closeStatus(), code.name());
      return;
    }
    log.debug("connection failed", cause);
    ctx.close();
  }
}
