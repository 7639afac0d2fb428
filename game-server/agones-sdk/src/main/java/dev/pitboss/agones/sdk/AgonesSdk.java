package dev.pitboss.agones.sdk;

import agones.dev.sdk.SDKGrpc;
import agones.dev.sdk.Sdk;
import agones.dev.sdk.beta.Beta;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Int64Value;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Client of the Agones SDK server (the {@code agones-sdk} sidecar of a game-server pod) over gRPC:
 * lifecycle (Ready, Allocate, Shutdown), health keep-alive, GameServer reads and watch, SDK labels
 * and annotations, and the beta Lists and Counters.
 *
 * <p>Every unary call waits for the channel to become ready (the sidecar may start after us) up to
 * the call timeout, then fails with {@link AgonesSdkException}. Streams (health, watch) reconnect
 * by themselves until closed. Callers only see {@link GameServerView}, {@link AgonesList} and
 * {@link AgonesCounter}, never the generated protobuf types.
 */
public final class AgonesSdk implements AutoCloseable {
  /** The environment variable Agones sets in the game-server container to the SDK's gRPC port. */
  public static final String PORT_ENV = "AGONES_SDK_GRPC_PORT";

  /** The SDK server's gRPC port when {@link #PORT_ENV} is not set. */
  public static final int DEFAULT_PORT = 9357;

  private static final Sdk.Empty EMPTY = Sdk.Empty.getDefaultInstance();

  private final ManagedChannel channel;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final Clock clock;
  private final Duration callTimeout;
  private final Duration reconnectInitial;
  private final Duration reconnectMax;
  private final Set<AutoCloseable> streams = ConcurrentHashMap.newKeySet();

  private AgonesSdk(Builder b) {
    this.channel =
        Grpc.newChannelBuilderForAddress(b.host, b.port, InsecureChannelCredentials.create())
            .build();
    this.ownsScheduler = b.scheduler == null;
    this.scheduler =
        ownsScheduler
            ? Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("agones-sdk").factory())
            : b.scheduler;
    this.clock = b.clock;
    this.callTimeout = b.callTimeout;
    this.reconnectInitial = b.reconnectInitial;
    this.reconnectMax = b.reconnectMax;
  }

  /** Connects to {@code localhost:$AGONES_SDK_GRPC_PORT} (9357 when unset), as inside a pod. */
  public static AgonesSdk fromEnvironment() {
    return builder().portFromEnvironment(System.getenv()).build();
  }

  /** Connects to {@code localhost:port}. */
  public static AgonesSdk connect(int port) {
    return builder().port(port).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Marks the GameServer Ready to be allocated (the controller moves it through RequestReady). */
  public void ready() {
    call("Ready", () -> sdk().ready(EMPTY));
  }

  /** Self-allocates the GameServer: its state becomes Allocated. */
  public void allocate() {
    call("Allocate", () -> sdk().allocate(EMPTY));
  }

  /** Marks the GameServer Shutdown; Agones then deletes it, and the pod with it. */
  public void shutdown() {
    call("Shutdown", () -> sdk().shutdown(EMPTY));
  }

  /** The GameServer as the SDK server knows it now. */
  public GameServerView getGameServer() {
    return GameServerView.of(call("GetGameServer", () -> sdk().getGameServer(EMPTY)));
  }

  /**
   * Sets the label {@code agones.dev/sdk-<key>} on the GameServer. The key must be a Kubernetes
   * qualified name and the value a valid label value, or the call fails with INVALID_ARGUMENT.
   */
  public void setLabel(String key, String value) {
    call("SetLabel " + key, () -> sdk().setLabel(keyValue(key, value)));
  }

  /** Sets the annotation {@code agones.dev/sdk-<key>} on the GameServer. */
  public void setAnnotation(String key, String value) {
    call("SetAnnotation " + key, () -> sdk().setAnnotation(keyValue(key, value)));
  }

  /**
   * Starts the health keep-alive: one client-streaming Health call that sends a ping every {@code
   * period} (pick less than the GameServer's {@code health.periodSeconds}), reopened on the next
   * tick when it fails. Closed by the returned handle or by {@link #close()}.
   */
  public HealthKeepAlive startHealth(Duration period) {
    requirePositive(period, "period");
    HealthKeepAlive health = new HealthKeepAlive(asyncSdk(), scheduler, period, clock, streams);
    streams.add(health);
    health.start();
    return health;
  }

  /**
   * Watches the GameServer: {@code listener} gets the current GameServer at once and every change
   * after, one at a time, on a gRPC thread. When the stream breaks (sidecar restart) it reconnects
   * with exponential backoff and the listener gets the current GameServer again, so no change is
   * missed for good (intermediate states may be). Closed by the returned handle or by {@link
   * #close()}.
   */
  public GameServerWatch watchGameServer(Consumer<GameServerView> listener) {
    Objects.requireNonNull(listener, "listener");
    GameServerWatch watch =
        new GameServerWatch(
            asyncSdk(), scheduler, listener, reconnectInitial, reconnectMax, streams);
    streams.add(watch);
    watch.start();
    return watch;
  }

  /** A beta List of the GameServer, including changes not yet written to Kubernetes. */
  public AgonesList getList(String name) {
    return list(
        call(
            "GetList " + name,
            () -> beta().getList(Beta.GetListRequest.newBuilder().setName(name).build())));
  }

  /**
   * Appends {@code value} to a List. Fails with {@link AgonesSdkException.Reason#OUT_OF_RANGE} when
   * the List is full and {@link AgonesSdkException.Reason#ALREADY_EXISTS} when the value is there.
   *
   * @return the List after the change
   */
  public AgonesList addListValue(String name, String value) {
    return list(
        call(
            "AddListValue " + name,
            () ->
                beta()
                    .addListValue(
                        Beta.AddListValueRequest.newBuilder()
                            .setName(name)
                            .setValue(value)
                            .build())));
  }

  /**
   * Removes {@code value} from a List; fails with {@link AgonesSdkException.Reason#NOT_FOUND} when
   * it is not there.
   *
   * @return the List after the change. Agones 1.60 answers with the List still holding the value
   *     when that value was added moments before and not yet written to Kubernetes (the removal
   *     itself is kept); the value is taken out of such an answer here.
   */
  public AgonesList removeListValue(String name, String value) {
    AgonesList answer =
        list(
            call(
                "RemoveListValue " + name,
                () ->
                    beta()
                        .removeListValue(
                            Beta.RemoveListValueRequest.newBuilder()
                                .setName(name)
                                .setValue(value)
                                .build())));
    if (!answer.contains(value)) {
      return answer;
    }
    return new AgonesList(
        answer.name(),
        answer.capacity(),
        answer.values().stream().filter(v -> !v.equals(value)).toList());
  }

  /**
   * Replaces a List's capacity and values (values past the capacity are dropped). The real
   * sdk-server answers UpdateList with an empty List, so this returns nothing: read the List back
   * with {@link #getList} when needed.
   *
   * <p>Two traps of Agones 1.60 (see the module README): the capacity may not exceed the capacity
   * of the fleet's {@code players} List (OUT_OF_RANGE otherwise, whatever the message says), and an
   * UpdateList replaces every change to the same List not yet written to Kubernetes, so values
   * added or removed just before may be lost. Prefer {@link #addListValue} and {@link
   * #removeListValue}; update a List only once the watch shows earlier changes written.
   */
  public void updateList(String name, long capacity, List<String> values) {
    updateList(name, capacity, values, List.of("capacity", "values"));
  }

  /** Sets a List's capacity only. See {@link #updateList(String, long, List)}. */
  public void updateListCapacity(String name, long capacity) {
    updateList(name, capacity, List.of(), List.of("capacity"));
  }

  /** Replaces a List's values only. See {@link #updateList(String, long, List)}. */
  public void updateListValues(String name, List<String> values) {
    updateList(name, 0, values, List.of("values"));
  }

  private void updateList(String name, long capacity, List<String> values, List<String> mask) {
    Beta.List list =
        Beta.List.newBuilder().setName(name).setCapacity(capacity).addAllValues(values).build();
    call(
        "UpdateList " + name,
        () ->
            beta()
                .updateList(
                    Beta.UpdateListRequest.newBuilder()
                        .setList(list)
                        .setUpdateMask(FieldMask.newBuilder().addAllPaths(mask))
                        .build()));
  }

  /** A beta Counter of the GameServer, including changes not yet written to Kubernetes. */
  public AgonesCounter getCounter(String name) {
    return counter(
        call(
            "GetCounter " + name,
            () -> beta().getCounter(Beta.GetCounterRequest.newBuilder().setName(name).build())));
  }

  /**
   * Adds {@code diff} (negative to subtract) to a Counter; fails with {@link
   * AgonesSdkException.Reason#OUT_OF_RANGE} when the count would leave [0, capacity].
   */
  public AgonesCounter incrementCounter(String name, long diff) {
    return updateCounter(
        "UpdateCounter " + name,
        Beta.CounterUpdateRequest.newBuilder().setName(name).setCountDiff(diff));
  }

  /** Sets a Counter's count. */
  public AgonesCounter setCounterCount(String name, long count) {
    return updateCounter(
        "UpdateCounter " + name,
        Beta.CounterUpdateRequest.newBuilder().setName(name).setCount(Int64Value.of(count)));
  }

  /** Sets a Counter's capacity. */
  public AgonesCounter setCounterCapacity(String name, long capacity) {
    return updateCounter(
        "UpdateCounter " + name,
        Beta.CounterUpdateRequest.newBuilder().setName(name).setCapacity(Int64Value.of(capacity)));
  }

  private AgonesCounter updateCounter(String op, Beta.CounterUpdateRequest.Builder request) {
    return counter(
        call(
            op,
            () ->
                beta()
                    .updateCounter(
                        Beta.UpdateCounterRequest.newBuilder()
                            .setCounterUpdateRequest(request)
                            .build())));
  }

  /** Stops every health loop and watch of this client, then the channel. Does not call Shutdown. */
  @Override
  public void close() {
    for (AutoCloseable stream : List.copyOf(streams)) {
      try {
        stream.close();
      } catch (Exception e) {
        System.getLogger(AgonesSdk.class.getName())
            .log(System.Logger.Level.DEBUG, "closing " + stream, e);
      }
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
  }

  private SDKGrpc.SDKBlockingStub sdk() {
    return unary(SDKGrpc.newBlockingStub(channel));
  }

  private agones.dev.sdk.beta.SDKGrpc.SDKBlockingStub beta() {
    return unary(agones.dev.sdk.beta.SDKGrpc.newBlockingStub(channel));
  }

  private SDKGrpc.SDKStub asyncSdk() {
    return SDKGrpc.newStub(channel).withWaitForReady();
  }

  private <S extends AbstractStub<S>> S unary(S stub) {
    return stub.withWaitForReady().withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static <T> T call(String operation, Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw new AgonesSdkException(operation, e);
    }
  }

  private static Sdk.KeyValue keyValue(String key, String value) {
    return Sdk.KeyValue.newBuilder().setKey(key).setValue(value).build();
  }

  private static AgonesList list(Beta.List l) {
    return new AgonesList(l.getName(), l.getCapacity(), l.getValuesList());
  }

  private static AgonesCounter counter(Beta.Counter c) {
    return new AgonesCounter(c.getName(), c.getCount(), c.getCapacity());
  }

  private static void requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
  }

  /** Where and how the client connects. Defaults: localhost:9357, 10 s per call. */
  public static final class Builder {
    private String host = "localhost";
    private int port = DEFAULT_PORT;
    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private Duration callTimeout = Duration.ofSeconds(10);
    private Duration reconnectInitial = Duration.ofMillis(100);
    private Duration reconnectMax = Duration.ofSeconds(5);

    private Builder() {}

    /** The SDK server's host; Agones serves it on the pod's loopback only. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    public Builder port(int port) {
      if (port <= 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in 1..65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** Takes the port from {@value #PORT_ENV} in {@code env}, keeping the default when unset. */
    public Builder portFromEnvironment(Map<String, String> env) {
      String value = env.get(PORT_ENV);
      if (value == null || value.isBlank()) {
        return this;
      }
      try {
        return port(Integer.parseInt(value.strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            PORT_ENV + " must be a TCP port number, was '" + value + "'", e);
      }
    }

    /** The clock health pings are timed with. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The scheduler of health pings and watch reconnects; the caller keeps ownership. Without one
     * the client runs a daemon thread of its own, stopped by {@link AgonesSdk#close()}.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /** How long a unary call may wait for the sidecar and its answer. */
    public Builder callTimeout(Duration timeout) {
      requirePositive(timeout, "callTimeout");
      this.callTimeout = timeout;
      return this;
    }

    /** The watch's reconnect backoff: first delay, doubled per failure up to {@code max}. */
    public Builder reconnectBackoff(Duration initial, Duration max) {
      requirePositive(initial, "initial backoff");
      requirePositive(max, "max backoff");
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("max backoff " + max + " is below initial " + initial);
      }
      this.reconnectInitial = initial;
      this.reconnectMax = max;
      return this;
    }

    public AgonesSdk build() {
      return new AgonesSdk(this);
    }
  }
}
