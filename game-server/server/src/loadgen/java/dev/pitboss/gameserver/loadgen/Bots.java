package dev.pitboss.gameserver.loadgen;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Players (or idle connections) over real WebSockets, written from PROTOCOL.md with Netty's client:
 * a few event-loop threads carry every connection. All bots of one table share an event loop, so
 * the per-table bookkeeping needs no locks.
 *
 * <p>Latency is measured on this side only, on this JVM's monotonic clock: from the moment a bot
 * writes its {@code act} frame to the moment a bot reads the {@code acted} event of that seat (the
 * first {@code acted} of that seat after the send, matched by seat and sequence number). Every
 * bot's receipt is a sample of "to each viewer"; the actor's own is "to the actor"; the last of the
 * table's connected bots to read it closes the "to every seat" sample.
 */
final class Bots implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String HEARTBEAT = "{\"type\":\"ping\",\"id\":\"hb\"}";

  /** How a bot plays its turns. */
  record Play(long thinkMinMillis, long thinkMaxMillis) {}

  private final EventLoopGroup loops;
  private final InetSocketAddress server;
  private final URI uri;
  private final List<InetAddress> sources;
  private final Play play;
  private final Semaphore handshaking = new Semaphore(256);
  private final AtomicInteger nextSource = new AtomicInteger();
  private final Queue<Channel> channels = new ConcurrentLinkedQueue<>();

  final Latency toActor = new Latency("act -> acted, to the actor", 20_000_000);
  final Latency toViewer = new Latency("act -> acted, to each seat", 50_000_000);
  final Latency toAll = new Latency("act -> acted, to every seat", 20_000_000);

  final AtomicInteger connected = new AtomicInteger();
  final AtomicInteger failedToConnect = new AtomicInteger();
  final AtomicInteger welcomed = new AtomicInteger();
  final AtomicInteger closed = new AtomicInteger();
  final LongAdder actions = new LongAdder();
  final LongAdder timeouts = new LongAdder();
  final LongAdder hands = new LongAdder();
  final LongAdder busted = new LongAdder();
  final LongAdder gaps = new LongAdder();
  final LongAdder pongs = new LongAdder();
  final LongAdder frames = new LongAdder();
  final LongAdder errors = new LongAdder();
  final Queue<String> firstErrors = new ConcurrentLinkedQueue<>();
  volatile boolean measuring;

  Bots(int threads, InetSocketAddress server, List<InetAddress> sources, Play play) {
    this.loops = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
    this.server = server;
    this.uri = URI.create("ws://" + server.getHostString() + ":" + server.getPort() + "/ws");
    this.sources = sources;
    this.play = play;
  }

  /** A table's bots, on one event loop. */
  final class TableBots {
    final EventLoop loop = loops.next();
    private final long[] sentAt = new long[16];
    private final long[] seqOf = new long[16];
    private final int[] receivedBy = new int[16];
    private int following;
    private Bot counter;

    /** A bot's receipt of seat {@code seat}'s action, event {@code seq}. */
    private void acted(Bot by, int seat, long seq, boolean timedOut, long now) {
      if (seat <= 0 || seat >= sentAt.length) return;
      if (seqOf[seat] != seq) {
        seqOf[seat] = seq;
        receivedBy[seat] = 0;
        if (measuring) (timedOut ? timeouts : actions).increment();
      }
      long sent = sentAt[seat];
      if (sent == 0) return;
      long latency = now - sent;
      toViewer.record(latency);
      if (by.seat == seat) toActor.record(latency);
      if (++receivedBy[seat] >= following) {
        toAll.record(latency);
        sentAt[seat] = 0;
      }
    }
  }

  TableBots table() {
    return new TableBots();
  }

  /**
   * Connects one bot; once the WebSocket is open it sends {@code firstFrame} (a join with a fresh
   * ticket, or a ping). Blocks while 256 handshakes are in flight, so the server's accept queue
   * never overflows.
   */
  void connect(TableBots table, Supplier<String> firstFrame, long seed)
      throws InterruptedException {
    handshaking.acquire();
    var bot = new Bot(table, firstFrame, new SplittableRandom(seed));
    var source = sources.get(Math.floorMod(nextSource.getAndIncrement(), sources.size()));
    new Bootstrap()
        .group(table.loop)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(new HttpClientCodec())
                    .addLast(new HttpObjectAggregator(8192))
                    .addLast(
                        new WebSocketClientProtocolHandler(
                            WebSocketClientProtocolConfig.newBuilder()
                                .webSocketUri(uri)
                                .maxFramePayloadLength(1 << 20)
                                .handshakeTimeoutMillis(60_000)
                                .build()))
                    .addLast(bot);
              }
            })
        .connect(server, new InetSocketAddress(source, 0))
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                failedToConnect.incrementAndGet();
                handshaking.release();
                if (firstErrors.size() < 5) firstErrors.add("connect: " + f.cause());
              }
            });
  }

  /** Waits until every handshake started has ended. */
  void awaitHandshakes() throws InterruptedException {
    handshaking.acquire(256);
    handshaking.release(256);
  }

  /** Sends a ping on every open connection; the pongs are counted in {@link #pongs}. */
  void pingAll() {
    for (var ch : channels)
      if (ch.isActive()) ch.writeAndFlush(new TextWebSocketFrame("{\"type\":\"ping\",\"id\":\"p\"}"));
  }

  int open() {
    int n = 0;
    for (var ch : channels) if (ch.isActive()) n++;
    return n;
  }

  /** One connection: a player at a table, or an idle client. */
  private final class Bot extends SimpleChannelInboundHandler<TextWebSocketFrame> {
    private final TableBots table;
    private final Supplier<String> firstFrame;
    private final SplittableRandom rng;
    private ChannelHandlerContext ctx;
    private boolean handshaken;
    private boolean following;
    private int seat;
    private long lastSeq = -1;

    Bot(TableBots table, Supplier<String> firstFrame, SplittableRandom rng) {
      this.table = table;
      this.firstFrame = firstFrame;
      this.rng = rng;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        this.ctx = ctx;
        handshaken = true;
        handshaking.release();
        connected.incrementAndGet();
        channels.add(ctx.channel());
        ctx.writeAndFlush(new TextWebSocketFrame(firstFrame.get()));
        // The server closes a connection it has heard nothing from for 45 s: a heartbeat.
        var heartbeat =
            ctx.executor()
                .scheduleAtFixedRate(
                    () -> ctx.writeAndFlush(new TextWebSocketFrame(HEARTBEAT)),
                    15,
                    15,
                    TimeUnit.SECONDS);
        ctx.channel().closeFuture().addListener(f -> heartbeat.cancel(false));
      } else if (evt
          == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        failedToConnect.incrementAndGet();
        handshaking.release();
        handshaken = true;
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (!handshaken) {
        failedToConnect.incrementAndGet();
        handshaking.release();
        handshaken = true;
      } else {
        closed.incrementAndGet();
      }
      if (following) table.following--;
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (firstErrors.size() < 5) firstErrors.add("connection: " + cause);
      ctx.close();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
      long now = System.nanoTime();
      frames.increment();
      var text = frame.text();
      if (text.startsWith("{\"type\":\"event\"")) event(text, now);
      else if (text.startsWith("{\"type\":\"welcome\"")) welcome(text);
      else if (text.startsWith("{\"type\":\"pong\",\"id\":\"p\"")) pongs.increment();
      else if (text.startsWith("{\"type\":\"error\"")) {
        errors.increment();
        if (firstErrors.size() < 5) firstErrors.add(text);
      }
    }

    private void welcome(String text) {
      var frame = JSON.readTree(text);
      lastSeq = frame.get("seq").asLong();
      seat = frame.get("snapshot").get("yourSeat").asInt();
      welcomed.incrementAndGet();
      following = true;
      table.following++;
      if (table.counter == null) table.counter = this;
      var turn = frame.get("snapshot").get("turn");
      if (turn != null && !turn.isNull() && turn.get("seat").asInt() == seat) act(turn);
    }

    private void event(String text, long now) {
      long seq = number(text, "\"seq\":", 0);
      if (lastSeq >= 0 && seq != lastSeq + 1) gaps.increment();
      lastSeq = seq;
      int kind = text.indexOf("\"kind\":\"") + 8;
      if (text.startsWith("acted\"", kind)) {
        int actor = (int) number(text, "\"seat\":", kind);
        table.acted(this, actor, seq, text.contains("\"timedOut\":true"), now);
      } else if (text.startsWith("turn\"", kind)) {
        if (seat != 0 && number(text, "\"seat\":", kind) == seat)
          act(JSON.readTree(text).get("event"));
      } else if (text.startsWith("handEnded\"", kind)) {
        if (table.counter == this && measuring) hands.increment();
      } else if (text.startsWith("seatLeft\"", kind)) {
        if (seat != 0 && number(text, "\"seat\":", kind) == seat) {
          busted.increment();
          seat = 0;
        }
      }
    }

    /**
     * Mostly checks and calls, sometimes a minimum bet or raise, sometimes a fold; never all in,
     * so deep stacks keep everyone playing for the whole run.
     */
    private void act(JsonNode turn) {
      int r = rng.nextInt(100);
      String frame;
      if (r < 8 && turn.get("canBet").asBoolean())
        frame = act("bet", turn.get("minTo").asLong());
      else if (r < 8 && turn.get("canRaise").asBoolean())
        frame = act("raise", turn.get("minTo").asLong());
      else if (turn.get("canCheck").asBoolean()) frame = act("check", -1);
      else if (r < 30) frame = act("fold", -1);
      else frame = act("call", -1);
      long think =
          play.thinkMaxMillis() <= 0
              ? 0
              : play.thinkMinMillis()
                  + rng.nextLong(play.thinkMaxMillis() - play.thinkMinMillis() + 1);
      int mySeat = seat;
      if (think == 0) send(frame, mySeat);
      else ctx.executor().schedule(() -> send(frame, mySeat), think, TimeUnit.MILLISECONDS);
    }

    private void send(String frame, int mySeat) {
      if (!ctx.channel().isActive()) return;
      if (measuring) table.sentAt[mySeat] = System.nanoTime();
      ctx.writeAndFlush(new TextWebSocketFrame(frame));
    }

    private static String act(String action, long amount) {
      return amount < 0
          ? "{\"type\":\"act\",\"action\":\"" + action + "\"}"
          : "{\"type\":\"act\",\"action\":\"" + action + "\",\"amount\":" + amount + "}";
    }
  }

  /** The whole number after {@code key}, searching from {@code from}; frames carry no spaces. */
  private static long number(String text, String key, int from) {
    int i = text.indexOf(key, from) + key.length();
    long n = 0;
    for (; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') break;
      n = n * 10 + (c - '0');
    }
    return n;
  }

  @Override
  public void close() {
    loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
