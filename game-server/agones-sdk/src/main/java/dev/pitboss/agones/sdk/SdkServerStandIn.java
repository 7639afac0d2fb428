package dev.pitboss.agones.sdk;

import agones.dev.sdk.SDKGrpc;
import agones.dev.sdk.Sdk;
import agones.dev.sdk.alpha.Alpha;
import agones.dev.sdk.beta.Beta;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A <b>stand-in</b> for Agones' {@code sdk-server} (the {@code agones-sdk} sidecar together with
 * the Agones controller behind it), for tests and for the local fleet. It is never the production
 * path: in a cluster the game server talks to the real sidecar.
 *
 * <p>It serves the SDK, beta and alpha gRPC services on loopback and answers as the real sdk-server
 * of Agones 1.60 does on the wire (see the module README for what was compared against the real
 * binary): Ready moves the GameServer through RequestReady to Ready, Allocate to Allocated with the
 * {@code agones.dev/last-allocated} annotation, Shutdown to Shutdown; no SDK call leaves Unhealthy
 * or Shutdown; SDK labels and annotations get the {@code agones.dev/sdk-} prefix and keys are
 * checked as Kubernetes qualified names; Lists and Counters are refused with the real server's
 * status (UNKNOWN) and messages; UpdateList answers an empty List; the alpha player-tracking calls
 * are refused as with Agones' default feature gates; WatchGameServer sends the current GameServer
 * on subscription and after every change.
 *
 * <p>Tests play the cluster's part through {@link #allocate}, {@link #setList}, {@link
 * #setCounter}, {@link #setState} and {@link #setAnnotation}, read every call through {@link
 * #calls()}, and drive health checking with {@link #checkHealth()} on the injected clock.
 *
 * <p>It lives in the module's main jar so that the local fleet can run it as a process: {@code java
 * -cp <classpath> dev.pitboss.agones.sdk.SdkServerStandIn <port> <gameServerName>
 * [<list>=<capacity> ...]}.
 */
public final class SdkServerStandIn implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(SdkServerStandIn.class.getName());

  /** Agones' annotation holding the time of the last allocation. */
  public static final String LAST_ALLOCATED_ANNOTATION = "agones.dev/last-allocated";

  /** The List an allocation of {@link #allocate} adds table ids to. */
  public static final String TABLES_LIST = "tables";

  /**
   * The List whose capacity bounds every UpdateList capacity: Agones 1.60's sdk-server takes the
   * capacity of the {@code players} List of its fleet's GameServers (0, refusing any capacity, when
   * there is none), though its message speaks of [0,1000].
   */
  static final String CAPACITY_BOUND_LIST = "players";

  // Kubernetes' qualified name: an optional DNS-subdomain prefix and '/', then a name of at most
  // 63.
  private static final Pattern QUALIFIED_NAME_PART =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Set<String> LIST_FIELDS = Set.of("name", "capacity", "values");

  /** One request the stand-in received: the gRPC method's name and its arguments as text. */
  public record Call(String method, List<String> args) {
    public Call {
      args = List.copyOf(args);
    }
  }

  private final Clock clock;
  private final Sdk.GameServer.Builder gs;
  private final List<Call> calls = new ArrayList<>();
  private final List<ServerCallStreamObserver<Sdk.GameServer>> watchers = new ArrayList<>();
  private final Server server;
  private Instant healthLastUpdated;
  private int healthFailures;
  private long listCapacityBound;
  private boolean deleted;
  private Backing backing;
  private Sdk.GameServer published;

  /**
   * Where the GameServer lives when a real object stands behind the stand-in (the local fleet: a
   * GameServer in the API server). Called under the stand-in's lock after every change an SDK call
   * or a test made, with the GameServer as last published and as it is now; the SDK call is
   * answered after it returns.
   */
  public interface Backing {
    void write(Sdk.GameServer before, Sdk.GameServer after);
  }

  private SdkServerStandIn(int port, String name, Clock clock) throws IOException {
    this.clock = clock;
    Instant now = clock.instant();
    this.gs =
        Sdk.GameServer.newBuilder()
            .setObjectMeta(
                Sdk.GameServer.ObjectMeta.newBuilder()
                    .setName(name)
                    .setNamespace("default")
                    .setUid(UUID.randomUUID().toString())
                    .setResourceVersion("1")
                    .setGeneration(1)
                    .setCreationTimestamp(now.getEpochSecond()))
            .setSpec(
                Sdk.GameServer.Spec.newBuilder()
                    .setHealth(
                        Sdk.GameServer.Spec.Health.newBuilder()
                            .setPeriodSeconds(5)
                            .setFailureThreshold(3)
                            .setInitialDelaySeconds(5)))
            .setStatus(
                Sdk.GameServer.Status.newBuilder()
                    .setState(GameServerView.STATE_SCHEDULED)
                    .setAddress("127.0.0.1"));
    this.healthLastUpdated = now;
    this.published = gs.build();
    this.server =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                InsecureServerCredentials.create())
            .addService(new SdkService())
            .addService(new BetaService())
            .addService(new AlphaService())
            .build()
            .start();
  }

  /**
   * Starts a stand-in on {@code 127.0.0.1:port} (0 picks a free port) for a GameServer named {@code
   * gameServerName} in namespace {@code default}, state Scheduled, address 127.0.0.1, health
   * checking every 5 s with 3 failures allowed after 5 s, no Lists or Counters.
   */
  public static SdkServerStandIn start(int port, String gameServerName) {
    return start(port, gameServerName, Clock.systemUTC());
  }

  /** As {@link #start(int, String)}, with the clock health checks and timestamps use. */
  public static SdkServerStandIn start(int port, String gameServerName, Clock clock) {
    try {
      return new SdkServerStandIn(port, gameServerName, clock);
    } catch (IOException e) {
      throw new UncheckedIOException("SDK server stand-in could not listen on port " + port, e);
    }
  }

  /**
   * Runs the stand-in as a process until it is killed: {@code <port> <gameServerName>
   * [<list>=<capacity> ...]}, e.g. {@code 9357 table-server-1 tables=10 players=90}.
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length < 2) {
      System.err.println(
          "usage: SdkServerStandIn <port> <gameServerName> [<list>=<capacity> ...]\n"
              + "A stand-in for the Agones SDK server, for tests and the local fleet only.");
      System.exit(2);
    }
    SdkServerStandIn standIn = start(Integer.parseInt(args[0]), args[1]);
    for (int i = 2; i < args.length; i++) {
      String[] list = args[i].split("=", 2);
      if (list.length != 2) {
        System.err.println("not <list>=<capacity>: " + args[i]);
        System.exit(2);
      }
      standIn.setList(list[0], Long.parseLong(list[1]), List.of());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(standIn::close, "sdk-stand-in-stop"));
    System.out.println(
        "Agones SDK server STAND-IN (not the real sdk-server) listening on 127.0.0.1:"
            + standIn.port()
            + " for GameServer "
            + args[1]);
    standIn.server.awaitTermination();
  }

  /** The port it listens on. */
  public int port() {
    return server.getPort();
  }

  /** Writes every later change through {@code backing} as well. */
  public synchronized void backWith(Backing backing) {
    this.backing = backing;
  }

  /**
   * Takes {@code current}, the GameServer as the cluster holds it, as the whole GameServer and
   * sends it to every watcher, as the real sidecar relays its informer's view; nothing is written
   * back.
   */
  public synchronized void mirror(Sdk.GameServer current) {
    gs.clear().mergeFrom(current);
    deleted = false;
    publish(gs.build());
  }

  /** The GameServer as it stands now. */
  public synchronized GameServerView gameServer() {
    return GameServerView.of(gs.build());
  }

  /** Every call received so far, in order. Each health ping counts as one {@code Health} call. */
  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** The calls of one gRPC method (e.g. {@code "Ready"}, {@code "AddListValue"}), in order. */
  public synchronized List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  /** Waits until at least {@code count} calls of {@code method} arrived; false on timeout. */
  public synchronized boolean awaitCalls(String method, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (calls(method).size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Open WatchGameServer streams. */
  public synchronized int watchers() {
    watchers.removeIf(ServerCallStreamObserver::isCancelled);
    return watchers.size();
  }

  /** Sets the state as the cluster would (the controller, a user, an allocation). */
  public synchronized void setState(String state) {
    gs.getStatusBuilder().setState(state);
    changed();
  }

  /** Creates or replaces a List, as the Fleet's template or the operator would. */
  public synchronized void setList(String name, long capacity, List<String> values) {
    gs.getStatusBuilder()
        .putLists(
            name,
            Sdk.GameServer.Status.ListStatus.newBuilder()
                .setCapacity(capacity)
                .addAllValues(values)
                .build());
    changed();
  }

  /** Creates or replaces a Counter. */
  public synchronized void setCounter(String name, long count, long capacity) {
    gs.getStatusBuilder()
        .putCounters(
            name,
            Sdk.GameServer.Status.CounterStatus.newBuilder()
                .setCount(count)
                .setCapacity(capacity)
                .build());
    changed();
  }

  /** Sets an annotation as someone outside the pod would (no SDK prefix). */
  public synchronized void setAnnotation(String key, String value) {
    gs.getObjectMetaBuilder().putAnnotations(key, value);
    changed();
  }

  /**
   * Plays a GameServerAllocation that picked this GameServer: state Allocated, the allocation's
   * {@code metadata.annotations} merged in, {@code addToTablesList} appended to the {@value
   * #TABLES_LIST} List (values already there are skipped, as Agones does), and {@value
   * #LAST_ALLOCATED_ANNOTATION} set; watchers get one update.
   *
   * @throws IllegalStateException when the GameServer has no such List or it has no room (Agones
   *     would not have picked it)
   */
  public synchronized void allocate(Map<String, String> annotations, List<String> addToTablesList) {
    if (!addToTablesList.isEmpty()) {
      Sdk.GameServer.Status.ListStatus tables = gs.getStatus().getListsMap().get(TABLES_LIST);
      if (tables == null) {
        throw new IllegalStateException("GameServer has no List '" + TABLES_LIST + "'");
      }
      List<String> values = new ArrayList<>(tables.getValuesList());
      addToTablesList.stream().filter(v -> !values.contains(v)).forEach(values::add);
      if (values.size() > tables.getCapacity()) {
        throw new IllegalStateException(
            "List '" + TABLES_LIST + "' has room for " + tables.getCapacity() + ": " + values);
      }
      gs.getStatusBuilder()
          .putLists(TABLES_LIST, tables.toBuilder().clearValues().addAllValues(values).build());
    }
    gs.getObjectMetaBuilder().putAllAnnotations(annotations);
    markAllocated();
    changed();
  }

  /**
   * One round of the real sdk-server's health check, which runs every {@code health.periodSeconds}
   * once the kubelet's liveness probe first reached it (after {@code initialDelaySeconds}): a
   * failure when no ping came within {@code periodSeconds} (the clock starts at the stand-in's
   * start, as the sidecar's does), and the GameServer becomes Unhealthy once failures reach {@code
   * failureThreshold}; a ping clears the failures. Call it where the real one would tick, on the
   * injected clock.
   *
   * @return whether the GameServer is still healthy
   */
  public synchronized boolean checkHealth() {
    Sdk.GameServer.Spec.Health health = gs.getSpec().getHealth();
    if (health.getDisabled()) {
      return true;
    }
    if (healthLastUpdated.plusSeconds(health.getPeriodSeconds()).isBefore(clock.instant())) {
      healthFailures++;
    }
    boolean healthy = healthFailures < health.getFailureThreshold();
    if (!healthy && !isState(GameServerView.STATE_UNHEALTHY)) {
      gs.getStatusBuilder().setState(GameServerView.STATE_UNHEALTHY);
      changed();
    }
    return healthy;
  }

  /** Ends every WatchGameServer stream with UNAVAILABLE, as a restarting sidecar would. */
  public synchronized void dropWatchers() {
    for (ServerCallStreamObserver<Sdk.GameServer> w : watchers) {
      try {
        w.onError(Status.UNAVAILABLE.withDescription("stand-in dropped the stream").asException());
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, "watch stream already gone", e);
      }
    }
    watchers.clear();
  }

  /** Stops serving at once; open streams end with UNAVAILABLE. */
  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void record(String method, String... args) {
    calls.add(new Call(method, List.of(args)));
    notifyAll();
  }

  private boolean isState(String state) {
    return gs.getStatus().getState().equals(state);
  }

  /** The real sdk-server ignores SDK state changes of a GameServer that is Unhealthy or going. */
  private boolean sdkMayChangeState() {
    return !isState(GameServerView.STATE_UNHEALTHY) && !isState(GameServerView.STATE_SHUTDOWN);
  }

  private void markAllocated() {
    gs.getStatusBuilder().setState(GameServerView.STATE_ALLOCATED);
    gs.getObjectMetaBuilder()
        .putAnnotations(
            LAST_ALLOCATED_ANNOTATION, DateTimeFormatter.ISO_INSTANT.format(clock.instant()));
  }

  /**
   * Bumps the resource version and sends the GameServer to every watcher. A GameServer that reached
   * Shutdown is then deleted, as the Agones controller deletes it: the SDK calls that read it fail
   * from then on, while {@link #gameServer()} still shows its last state.
   */
  private void changed() {
    Sdk.GameServer.ObjectMeta.Builder meta = gs.getObjectMetaBuilder();
    meta.setResourceVersion(Long.toString(Long.parseLong(meta.getResourceVersion()) + 1));
    Sdk.GameServer snapshot = gs.build();
    if (backing != null) {
      backing.write(published, snapshot);
    }
    publish(snapshot);
    if (isState(GameServerView.STATE_SHUTDOWN)) {
      deleted = true;
    }
  }

  private void publish(Sdk.GameServer snapshot) {
    published = snapshot;
    watchers.removeIf(
        w -> {
          if (w.isCancelled()) {
            return true;
          }
          try {
            w.onNext(snapshot);
            return false;
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "dropping a broken watch stream", e);
            return true;
          }
        });
  }

  /** What the real sdk-server answers reads of a GameServer Agones deleted. */
  private StatusRuntimeException gone() {
    Sdk.GameServer.ObjectMeta meta = gs.getObjectMeta();
    return unknown(
        "could not retrieve GameServer "
            + meta.getNamespace()
            + "/"
            + meta.getName()
            + ": gameserver.agones.dev \""
            + meta.getName()
            + "\" not found");
  }

  private static StatusRuntimeException unknown(String message) {
    // The real sdk-server returns plain Go errors, which gRPC sends as UNKNOWN with their text.
    return Status.UNKNOWN.withDescription(message).asRuntimeException();
  }

  private static Optional<String> qualifiedNameProblem(String key) {
    String[] parts = key.split("/", -1);
    String name = parts[parts.length - 1];
    if (parts.length > 2) {
      return Optional.of("a qualified name must consist of an optional prefix and a name");
    }
    if (parts.length == 2
        && (parts[0].isEmpty()
            || parts[0].length() > 253
            || !DNS_SUBDOMAIN.matcher(parts[0]).matches())) {
      return Optional.of("prefix part must be a DNS-1123 subdomain");
    }
    if (name.isEmpty() || name.length() > 63 || !QUALIFIED_NAME_PART.matcher(name).matches()) {
      return Optional.of(
          "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and"
              + " end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc',"
              + " regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    }
    return Optional.empty();
  }

  private static Optional<String> labelValueProblem(String value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.length() > 63 || !QUALIFIED_NAME_PART.matcher(value).matches()) {
      return Optional.of(
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_'"
              + " or '.', and must start and end with an alphanumeric character, at most 63"
              + " characters");
    }
    return Optional.empty();
  }

  private static <T> void answer(StreamObserver<T> out, T value) {
    out.onNext(value);
    out.onCompleted();
  }

  private final class SdkService extends SDKGrpc.SDKImplBase {
    @Override
    public void ready(Sdk.Empty request, StreamObserver<Sdk.Empty> out) {
      synchronized (SdkServerStandIn.this) {
        record("Ready");
        if (sdkMayChangeState()) {
          // The sidecar asks for RequestReady; the controller then moves the GameServer to Ready.
          gs.getStatusBuilder().setState(GameServerView.STATE_REQUEST_READY);
          changed();
          gs.getStatusBuilder().setState(GameServerView.STATE_READY);
          changed();
        }
      }
      answer(out, request);
    }

    @Override
    public void allocate(Sdk.Empty request, StreamObserver<Sdk.Empty> out) {
      synchronized (SdkServerStandIn.this) {
        record("Allocate");
        if (sdkMayChangeState()) {
          markAllocated();
          changed();
        }
      }
      answer(out, request);
    }

    @Override
    public void shutdown(Sdk.Empty request, StreamObserver<Sdk.Empty> out) {
      synchronized (SdkServerStandIn.this) {
        record("Shutdown");
        if (sdkMayChangeState()) {
          gs.getStatusBuilder().setState(GameServerView.STATE_SHUTDOWN);
          changed();
        }
      }
      answer(out, request);
    }

    @Override
    public void reserve(Sdk.Duration request, StreamObserver<Sdk.Empty> out) {
      synchronized (SdkServerStandIn.this) {
        record("Reserve", Long.toString(request.getSeconds()));
        if (sdkMayChangeState()) {
          gs.getStatusBuilder().setState(GameServerView.STATE_RESERVED);
          changed();
        }
      }
      answer(out, Sdk.Empty.getDefaultInstance());
    }

    @Override
    public StreamObserver<Sdk.Empty> health(StreamObserver<Sdk.Empty> out) {
      return new StreamObserver<>() {
        @Override
        public void onNext(Sdk.Empty ping) {
          synchronized (SdkServerStandIn.this) {
            record("Health");
            healthLastUpdated = clock.instant();
            healthFailures = 0;
          }
        }

        @Override
        public void onError(Throwable t) {
          LOG.log(
              System.Logger.Level.DEBUG, "health stream ended by the client: {0}", t.toString());
        }

        @Override
        public void onCompleted() {
          answer(out, Sdk.Empty.getDefaultInstance());
        }
      };
    }

    @Override
    public void getGameServer(Sdk.Empty request, StreamObserver<Sdk.GameServer> out) {
      Sdk.GameServer snapshot;
      synchronized (SdkServerStandIn.this) {
        record("GetGameServer");
        if (deleted) {
          out.onError(gone());
          return;
        }
        snapshot = gs.build();
      }
      answer(out, snapshot);
    }

    @Override
    public void watchGameServer(Sdk.Empty request, StreamObserver<Sdk.GameServer> out) {
      ServerCallStreamObserver<Sdk.GameServer> stream =
          (ServerCallStreamObserver<Sdk.GameServer>) out;
      synchronized (SdkServerStandIn.this) {
        record("WatchGameServer");
        if (deleted) {
          out.onError(gone());
          return;
        }
        stream.setOnCancelHandler(
            () -> {
              synchronized (SdkServerStandIn.this) {
                watchers.remove(stream);
              }
            });
        stream.onNext(gs.build());
        watchers.add(stream);
      }
    }

    @Override
    public void setLabel(Sdk.KeyValue kv, StreamObserver<Sdk.Empty> out) {
      synchronized (SdkServerStandIn.this) {
        record("SetLabel", kv.getKey(), kv.getValue());
        Optional<String> problem = qualifiedNameProblem(kv.getKey());
        if (problem.isPresent()) {
          out.onError(
              Status.INVALID_ARGUMENT
                  .withDescription("invalid label key \"" + kv.getKey() + "\": " + problem.get())
                  .asRuntimeException());
          return;
        }
        problem = labelValueProblem(kv.getValue());
        if (problem.isPresent()) {
          out.onError(
              Status.INVALID_ARGUMENT
                  .withDescription(
                      "invalid label value \""
                          + kv.getValue()
                          + "\" for key \""
                          + kv.getKey()
                          + "\": "
                          + problem.get())
                  .asRuntimeException());
          return;
        }
        gs.getObjectMetaBuilder()
            .putLabels(GameServerView.SDK_METADATA_PREFIX + kv.getKey(), kv.getValue());
        changed();
      }
      answer(out, Sdk.Empty.getDefaultInstance());
    }

    @Override
    public void setAnnotation(Sdk.KeyValue kv, StreamObserver<Sdk.Empty> out) {
      synchronized (SdkServerStandIn.this) {
        record("SetAnnotation", kv.getKey(), kv.getValue());
        Optional<String> problem = qualifiedNameProblem(kv.getKey());
        if (problem.isPresent()) {
          out.onError(
              Status.INVALID_ARGUMENT
                  .withDescription(
                      "invalid annotation key \"" + kv.getKey() + "\": " + problem.get())
                  .asRuntimeException());
          return;
        }
        gs.getObjectMetaBuilder()
            .putAnnotations(GameServerView.SDK_METADATA_PREFIX + kv.getKey(), kv.getValue());
        changed();
      }
      answer(out, Sdk.Empty.getDefaultInstance());
    }
  }

  private final class BetaService extends agones.dev.sdk.beta.SDKGrpc.SDKImplBase {
    private Beta.List list(String name, Sdk.GameServer.Status.ListStatus l) {
      return Beta.List.newBuilder()
          .setName(name)
          .setCapacity(l.getCapacity())
          .addAllValues(l.getValuesList())
          .build();
    }

    @Override
    public void getList(Beta.GetListRequest request, StreamObserver<Beta.List> out) {
      Beta.List answer;
      synchronized (SdkServerStandIn.this) {
        record("GetList", request.getName());
        if (deleted) {
          out.onError(gone());
          return;
        }
        Sdk.GameServer.Status.ListStatus l = gs.getStatus().getListsMap().get(request.getName());
        if (l == null) {
          out.onError(unknown("list not found: " + request.getName()));
          return;
        }
        answer = list(request.getName(), l);
      }
      answer(out, answer);
    }

    @Override
    public void addListValue(Beta.AddListValueRequest request, StreamObserver<Beta.List> out) {
      Beta.List answer;
      synchronized (SdkServerStandIn.this) {
        String name = request.getName();
        record("AddListValue", name, request.getValue());
        if (deleted) {
          out.onError(gone());
          return;
        }
        Sdk.GameServer.Status.ListStatus l = gs.getStatus().getListsMap().get(name);
        if (l == null) {
          out.onError(unknown("list not found: " + name));
          return;
        }
        if (l.getCapacity() <= l.getValuesCount()) {
          out.onError(
              unknown(
                  "out of range. No available capacity. Current Capacity: "
                      + l.getCapacity()
                      + ", List Size: "
                      + l.getValuesCount()));
          return;
        }
        if (l.getValuesList().contains(request.getValue())) {
          out.onError(
              unknown(
                  "already exists. Value: " + request.getValue() + " already in List: " + name));
          return;
        }
        l = l.toBuilder().addValues(request.getValue()).build();
        gs.getStatusBuilder().putLists(name, l);
        changed();
        answer = list(name, l);
      }
      answer(out, answer);
    }

    @Override
    public void removeListValue(
        Beta.RemoveListValueRequest request, StreamObserver<Beta.List> out) {
      Beta.List answer;
      synchronized (SdkServerStandIn.this) {
        String name = request.getName();
        record("RemoveListValue", name, request.getValue());
        if (deleted) {
          out.onError(gone());
          return;
        }
        Sdk.GameServer.Status.ListStatus l = gs.getStatus().getListsMap().get(name);
        if (l == null) {
          out.onError(unknown("list not found: " + name));
          return;
        }
        if (!l.getValuesList().contains(request.getValue())) {
          out.onError(unknown("not found: value " + request.getValue() + " not in list " + name));
          return;
        }
        List<String> values = new ArrayList<>(l.getValuesList());
        values.remove(request.getValue());
        l = l.toBuilder().clearValues().addAllValues(values).build();
        gs.getStatusBuilder().putLists(name, l);
        changed();
        answer = list(name, l);
      }
      answer(out, answer);
    }

    @Override
    public void updateList(Beta.UpdateListRequest request, StreamObserver<Beta.List> out) {
      synchronized (SdkServerStandIn.this) {
        Beta.List in = request.getList();
        List<String> mask = request.getUpdateMask().getPathsList();
        record(
            "UpdateList",
            in.getName(),
            "capacity=" + in.getCapacity(),
            "values=" + in.getValuesList(),
            "mask=" + mask);
        if (!request.hasList() || !request.hasUpdateMask()) {
          out.onError(unknown("invalid argument. List: " + in + " and UpdateMask cannot be nil"));
          return;
        }
        if (!LIST_FIELDS.containsAll(mask)) {
          out.onError(
              unknown(
                  "invalid argument. Field Mask Path(s): "
                      + mask
                      + " are invalid for List. Use valid field name(s): "
                      + LIST_FIELDS));
          return;
        }
        if (listCapacityBound == 0) {
          // Like the real sdk-server: looked up until found, then kept for the process's life.
          Sdk.GameServer.Status.ListStatus bound =
              gs.getStatus().getListsMap().get(CAPACITY_BOUND_LIST);
          listCapacityBound = bound == null ? 0 : bound.getCapacity();
        }
        if (in.getCapacity() < 0 || in.getCapacity() > listCapacityBound) {
          out.onError(
              unknown(
                  "out of range. Capacity must be within range [0,1000]. Found Capacity: "
                      + in.getCapacity()));
          return;
        }
        Sdk.GameServer.Status.ListStatus l = gs.getStatus().getListsMap().get(in.getName());
        if (l == null || deleted) {
          out.onError(unknown("not found. " + in.getName() + " List not found"));
          return;
        }
        long capacity = mask.contains("capacity") ? in.getCapacity() : l.getCapacity();
        List<String> values = new ArrayList<>(l.getValuesList());
        if (mask.contains("values")) {
          values.retainAll(in.getValuesList());
          in.getValuesList().stream().filter(v -> !values.contains(v)).forEach(values::add);
        }
        List<String> kept = values.subList(0, (int) Math.min(values.size(), capacity));
        gs.getStatusBuilder()
            .putLists(
                in.getName(),
                Sdk.GameServer.Status.ListStatus.newBuilder()
                    .setCapacity(capacity)
                    .addAllValues(kept)
                    .build());
        changed();
      }
      // The real sdk-server batches the change and answers an empty List.
      answer(out, Beta.List.getDefaultInstance());
    }

    @Override
    public void getCounter(Beta.GetCounterRequest request, StreamObserver<Beta.Counter> out) {
      Beta.Counter answer;
      synchronized (SdkServerStandIn.this) {
        record("GetCounter", request.getName());
        if (deleted) {
          out.onError(gone());
          return;
        }
        Sdk.GameServer.Status.CounterStatus c =
            gs.getStatus().getCountersMap().get(request.getName());
        if (c == null) {
          out.onError(unknown("counter not found: " + request.getName()));
          return;
        }
        answer =
            Beta.Counter.newBuilder()
                .setName(request.getName())
                .setCount(c.getCount())
                .setCapacity(c.getCapacity())
                .build();
      }
      answer(out, answer);
    }

    @Override
    public void updateCounter(Beta.UpdateCounterRequest request, StreamObserver<Beta.Counter> out) {
      Beta.Counter answer;
      synchronized (SdkServerStandIn.this) {
        Beta.CounterUpdateRequest in = request.getCounterUpdateRequest();
        record(
            "UpdateCounter",
            in.getName(),
            in.hasCount() ? "count=" + in.getCount().getValue() : "count=unset",
            in.hasCapacity() ? "capacity=" + in.getCapacity().getValue() : "capacity=unset",
            "diff=" + in.getCountDiff());
        if (deleted) {
          out.onError(gone());
          return;
        }
        if (!request.hasCounterUpdateRequest()) {
          out.onError(unknown("invalid argument. CounterUpdateRequest: <nil> cannot be nil"));
          return;
        }
        if (in.getCountDiff() == 0 && !in.hasCount() && !in.hasCapacity()) {
          out.onError(unknown("invalid argument. Malformed CounterUpdateRequest: " + in));
          return;
        }
        Sdk.GameServer.Status.CounterStatus c = gs.getStatus().getCountersMap().get(in.getName());
        if (c == null) {
          out.onError(unknown("counter not found: " + in.getName()));
          return;
        }
        long capacity = c.getCapacity();
        long count = c.getCount();
        if (in.hasCapacity()) {
          if (in.getCapacity().getValue() < 0) {
            out.onError(
                unknown(
                    "out of range. Capacity must be greater than or equal to 0. Found Capacity: "
                        + in.getCapacity().getValue()));
            return;
          }
          capacity = in.getCapacity().getValue();
        }
        if (in.hasCount()) {
          count = in.getCount().getValue();
          if (count < 0 || count > capacity) {
            out.onError(outOfRangeCount(count, capacity));
            return;
          }
        }
        if (in.getCountDiff() != 0) {
          count += in.getCountDiff();
          if (count < 0 || count > capacity) {
            out.onError(outOfRangeCount(count, capacity));
            return;
          }
        }
        gs.getStatusBuilder()
            .putCounters(
                in.getName(),
                Sdk.GameServer.Status.CounterStatus.newBuilder()
                    .setCount(count)
                    .setCapacity(capacity)
                    .build());
        changed();
        answer =
            Beta.Counter.newBuilder()
                .setName(in.getName())
                .setCount(count)
                .setCapacity(capacity)
                .build();
      }
      answer(out, answer);
    }

    private StatusRuntimeException outOfRangeCount(long count, long capacity) {
      return unknown(
          "out of range. Count must be within range [0,Capacity]. Found Count: "
              + count
              + ", Capacity: "
              + capacity);
    }
  }

  /** Player tracking, refused as Agones refuses it while its PlayerTracking gate is off. */
  private final class AlphaService extends agones.dev.sdk.alpha.SDKGrpc.SDKImplBase {
    private void refuse(String method, StreamObserver<?> out) {
      synchronized (SdkServerStandIn.this) {
        record(method);
      }
      out.onError(unknown("PlayerTracking not enabled"));
    }

    @Override
    public void playerConnect(Alpha.PlayerID request, StreamObserver<Alpha.Bool> out) {
      refuse("PlayerConnect", out);
    }

    @Override
    public void playerDisconnect(Alpha.PlayerID request, StreamObserver<Alpha.Bool> out) {
      refuse("PlayerDisconnect", out);
    }

    @Override
    public void setPlayerCapacity(Alpha.Count request, StreamObserver<Alpha.Empty> out) {
      refuse("SetPlayerCapacity", out);
    }

    @Override
    public void getPlayerCapacity(Alpha.Empty request, StreamObserver<Alpha.Count> out) {
      refuse("GetPlayerCapacity", out);
    }

    @Override
    public void getPlayerCount(Alpha.Empty request, StreamObserver<Alpha.Count> out) {
      refuse("GetPlayerCount", out);
    }

    @Override
    public void isPlayerConnected(Alpha.PlayerID request, StreamObserver<Alpha.Bool> out) {
      refuse("IsPlayerConnected", out);
    }

    @Override
    public void getConnectedPlayers(Alpha.Empty request, StreamObserver<Alpha.PlayerIDList> out) {
      refuse("GetConnectedPlayers", out);
    }
  }
}
