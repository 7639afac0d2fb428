package dev.pitboss.agones.sdk;

import agones.dev.sdk.SDKGrpc;
import agones.dev.sdk.Sdk;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The health keep-alive started by {@link AgonesSdk#startHealth}: a ping on one client-streaming
 * Health call per period. A failed stream is reopened at the next tick, so a sidecar restart costs
 * at most one period of pings. Agones marks the GameServer Unhealthy when pings stop for {@code
 * health.failureThreshold} periods.
 */
public final class HealthKeepAlive implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(HealthKeepAlive.class.getName());
  private static final Sdk.Empty PING = Sdk.Empty.getDefaultInstance();

  private final SDKGrpc.SDKStub stub;
  private final ScheduledExecutorService scheduler;
  private final Duration period;
  private final Clock clock;
  private final Set<AutoCloseable> owner;
  private ScheduledFuture<?> ticks;
  private StreamObserver<Sdk.Empty> stream;
  private boolean closed;
  private long pingsSent;
  private long streamsOpened;
  private Instant lastPing;

  HealthKeepAlive(
      SDKGrpc.SDKStub stub,
      ScheduledExecutorService scheduler,
      Duration period,
      Clock clock,
      Set<AutoCloseable> owner) {
    this.stub = stub;
    this.scheduler = scheduler;
    this.period = period;
    this.clock = clock;
    this.owner = owner;
  }

  synchronized void start() {
    ticks = scheduler.scheduleAtFixedRate(this::tick, 0, period.toNanos(), TimeUnit.NANOSECONDS);
  }

  private synchronized void tick() {
    if (closed) {
      return;
    }
    if (stream == null) {
      streamsOpened++;
      // The answer's callbacks lock this object too, so they see `requests` set.
      Answer answer = new Answer();
      stream = stub.health(answer);
      answer.requests = stream;
    }
    try {
      stream.onNext(PING);
      pingsSent++;
      lastPing = clock.instant();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Agones health ping failed; reopening next tick", e);
      stream = null;
    }
  }

  private synchronized void streamEnded(Answer ended, Throwable error) {
    if (!closed && error != null) {
      LOG.log(
          System.Logger.Level.WARNING,
          "Agones health stream failed ({0}); reopening next tick",
          error.toString());
    }
    if (stream == ended.requests) {
      stream = null;
    }
  }

  /** Pings sent since start. */
  public synchronized long pingsSent() {
    return pingsSent;
  }

  /** Health streams opened since start: 1 while nothing failed. */
  public synchronized long streamsOpened() {
    return streamsOpened;
  }

  /** When the last ping went out, by the client's clock. */
  public synchronized Optional<Instant> lastPing() {
    return Optional.ofNullable(lastPing);
  }

  /** Stops pinging and half-closes the stream; Agones then stops counting this client's pings. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    owner.remove(this);
    if (ticks != null) {
      ticks.cancel(false);
    }
    if (stream != null) {
      try {
        stream.onCompleted();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "health stream already closed", e);
      }
      stream = null;
    }
  }

  private final class Answer implements StreamObserver<Sdk.Empty> {
    private StreamObserver<Sdk.Empty> requests;

    @Override
    public void onNext(Sdk.Empty value) {}

    @Override
    public void onError(Throwable t) {
      streamEnded(this, t);
    }

    @Override
    public void onCompleted() {
      streamEnded(this, null);
    }
  }
}
