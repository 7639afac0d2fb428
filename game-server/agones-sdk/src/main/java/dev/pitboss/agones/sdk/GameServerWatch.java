package dev.pitboss.agones.sdk;

import agones.dev.sdk.SDKGrpc;
import agones.dev.sdk.Sdk;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A WatchGameServer subscription started by {@link AgonesSdk#watchGameServer}. It resubscribes
 * whenever the stream ends or fails, after a backoff that doubles up to its maximum and starts over
 * once a GameServer arrives. The SDK server sends the current GameServer first on every
 * subscription, so the listener always ends up with the latest one.
 */
public final class GameServerWatch implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(GameServerWatch.class.getName());

  private final SDKGrpc.SDKStub stub;
  private final ScheduledExecutorService scheduler;
  private final Consumer<GameServerView> listener;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Set<AutoCloseable> owner;
  private ClientCallStreamObserver<Sdk.Empty> call;
  private Duration backoff;
  private boolean closed;
  private long updates;
  private long subscriptions;
  private GameServerView latest;

  GameServerWatch(
      SDKGrpc.SDKStub stub,
      ScheduledExecutorService scheduler,
      Consumer<GameServerView> listener,
      Duration initialBackoff,
      Duration maxBackoff,
      Set<AutoCloseable> owner) {
    this.stub = stub;
    this.scheduler = scheduler;
    this.listener = listener;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.backoff = initialBackoff;
    this.owner = owner;
  }

  void start() {
    subscribe();
  }

  private void subscribe() {
    synchronized (this) {
      if (closed) {
        return;
      }
      subscriptions++;
    }
    stub.watchGameServer(Sdk.Empty.getDefaultInstance(), new Subscription());
  }

  /** Hands a GameServer to the listener; false once the watch is closed. */
  private boolean deliver(Sdk.GameServer gs) {
    GameServerView view = GameServerView.of(gs);
    synchronized (this) {
      if (closed) {
        return false;
      }
      updates++;
      latest = view;
      backoff = initialBackoff;
    }
    try {
      listener.accept(view);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "GameServer listener failed; the watch goes on", e);
    }
    return true;
  }

  private void ended(Throwable error) {
    Duration delay;
    synchronized (this) {
      if (closed) {
        return;
      }
      delay = backoff;
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }
    LOG.log(
        System.Logger.Level.WARNING,
        "Agones WatchGameServer stream ended ({0}); resubscribing in {1} ms",
        error == null ? "completed by the server" : error.toString(),
        delay.toMillis());
    scheduler.schedule(this::subscribe, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** GameServers delivered to the listener since start. */
  public synchronized long updates() {
    return updates;
  }

  /** Subscriptions made: 1 while the first stream lasts, one more per reconnect. */
  public synchronized long subscriptions() {
    return subscriptions;
  }

  /** The last GameServer delivered, if any. */
  public synchronized Optional<GameServerView> latest() {
    return Optional.ofNullable(latest);
  }

  /** Cancels the stream; the listener gets nothing more. */
  @Override
  public void close() {
    ClientCallStreamObserver<Sdk.Empty> current;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      current = call;
      call = null;
    }
    owner.remove(this);
    if (current != null) {
      current.cancel("watch closed by the client", null);
    }
  }

  private final class Subscription implements ClientResponseObserver<Sdk.Empty, Sdk.GameServer> {
    private ClientCallStreamObserver<Sdk.Empty> mine;

    @Override
    public void beforeStart(ClientCallStreamObserver<Sdk.Empty> requestStream) {
      mine = requestStream;
      synchronized (GameServerWatch.this) {
        call = requestStream;
      }
    }

    @Override
    public void onNext(Sdk.GameServer gs) {
      // A subscription that started while close() ran ends here, at its first message.
      if (!deliver(gs)) {
        mine.cancel("watch closed by the client", null);
      }
    }

    @Override
    public void onError(Throwable t) {
      ended(t);
    }

    @Override
    public void onCompleted() {
      ended(null);
    }
  }
}
