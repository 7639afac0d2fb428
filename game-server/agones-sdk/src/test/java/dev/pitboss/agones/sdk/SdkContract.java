package dev.pitboss.agones.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's scenarios, run against the stand-in ({@link StandInContractTest}) and against the
 * real Agones sdk-server when one is available ({@link RealSdkServerIT}). Each test gets a fresh
 * SDK server whose GameServer {@value #NAME} has the List {@code tables} (capacity 3, empty), the
 * List {@code players} (capacity 10, empty) and the Counter {@code seats} (0 of 6).
 */
abstract class SdkContract {
  static final String NAME = "gs-contract";
  static final Duration WAIT = Duration.ofSeconds(10);

  /** A running SDK server for one test. */
  interface Target extends AutoCloseable {
    int port();

    /** The GameServer's namespace. */
    default String namespace() {
      return "default";
    }

    /**
     * Whether this is the real sdk-server in {@code --local} mode, which plays no controller: Ready
     * goes straight to Ready, keys are not validated, List and Counter changes reach no watcher.
     */
    boolean localMode();
  }

  abstract Target start() throws Exception;

  Target target;
  AgonesSdk sdk;
  final BlockingQueue<GameServerView> seen = new LinkedBlockingQueue<>();

  @BeforeEach
  void connect() throws Exception {
    target = start();
    sdk = AgonesSdk.builder().port(target.port()).callTimeout(WAIT).build();
  }

  @AfterEach
  void disconnect() throws Exception {
    if (sdk != null) {
      sdk.close();
    }
    if (target != null) {
      target.close();
    }
  }

  /** Takes watched GameServers until one matches; fails after {@link #WAIT}. */
  GameServerView awaitSeen(Predicate<GameServerView> condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      GameServerView view = left > 0 ? seen.poll(left, TimeUnit.NANOSECONDS) : null;
      if (view == null) {
        throw new AssertionError("no watched GameServer " + what + " within " + WAIT);
      }
      if (condition.test(view)) {
        return view;
      }
    }
  }

  /**
   * Waits until a List change is written to the GameServer: the real sdk-server batches List
   * changes, and an UpdateList replaces a batch not yet written. {@code --local} mode writes at
   * once and tells no watcher.
   */
  void awaitWritten(AgonesList list) throws InterruptedException {
    if (!target.localMode()) {
      awaitSeen(gs -> gs.list(list.name()).equals(java.util.Optional.of(list)), "with " + list);
    }
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " not within " + WAIT);
      }
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }

  @Test
  void getGameServerShowsTheGameServer() {
    GameServerView gs = sdk.getGameServer();

    assertThat(gs.name()).isEqualTo(NAME);
    assertThat(gs.namespace()).isEqualTo(target.namespace());
    assertThat(gs.list("tables")).contains(new AgonesList("tables", 3, List.of()));
    assertThat(gs.list("players")).contains(new AgonesList("players", 10, List.of()));
    assertThat(gs.counter("seats")).contains(new AgonesCounter("seats", 0, 6));
  }

  @Test
  void watchSendsTheCurrentGameServerFirstThenReadyAndAllocated() throws Exception {
    GameServerWatch watch = sdk.watchGameServer(seen::add);
    GameServerView first = awaitSeen(gs -> true, "at all");
    assertThat(first.name()).isEqualTo(NAME);
    assertThat(first.state()).isNotEqualTo(GameServerView.STATE_READY);

    sdk.ready();
    awaitSeen(gs -> gs.state().equals(GameServerView.STATE_READY), "Ready");
    sdk.allocate();
    GameServerView allocated =
        awaitSeen(gs -> gs.state().equals(GameServerView.STATE_ALLOCATED), "Allocated");

    if (!target.localMode()) {
      assertThat(allocated.annotations()).containsKey(SdkServerStandIn.LAST_ALLOCATED_ANNOTATION);
    }
    assertThat(watch.subscriptions()).isEqualTo(1);
    assertThat(watch.latest()).contains(allocated);
  }

  @Test
  void shutdownMovesToShutdownAndReadyDoesNotLeaveIt() throws Exception {
    sdk.watchGameServer(seen::add);
    sdk.ready();
    awaitSeen(gs -> gs.state().equals(GameServerView.STATE_READY), "Ready");

    sdk.shutdown();
    awaitSeen(gs -> gs.state().equals(GameServerView.STATE_SHUTDOWN), "Shutdown");

    assumeThat(target.localMode())
        .as("--local mode lets Ready follow Shutdown; the real sidecar and controller do not")
        .isFalse();
    sdk.ready();
    assertThat(stateOrGone()).isIn(GONE, GameServerView.STATE_SHUTDOWN);
  }

  private static final String GONE = "(deleted)";

  /** The state, or {@link #GONE} once Agones deleted the GameServer after Shutdown. */
  private String stateOrGone() {
    try {
      return sdk.getGameServer().state();
    } catch (AgonesSdkException e) {
      assertThat(e.getMessage()).contains("could not retrieve GameServer");
      return GONE;
    }
  }

  @Test
  void labelsAndAnnotationsGetTheSdkPrefix() throws Exception {
    sdk.watchGameServer(seen::add);
    sdk.setLabel("tables-open", "2");
    sdk.setAnnotation("drain", "after-hand");

    awaitSeen(
        gs ->
            gs.sdkLabel("tables-open").equals(java.util.Optional.of("2"))
                && gs.sdkAnnotation("drain").equals(java.util.Optional.of("after-hand")),
        "with the label and the annotation");
    assertThat(sdk.getGameServer().labels()).containsEntry("agones.dev/sdk-tables-open", "2");
  }

  @Test
  void aLabelKeyThatIsNoQualifiedNameIsRefused() {
    assumeThat(target.localMode()).as("--local mode does not validate label keys").isFalse();

    assertThatThrownBy(() -> sdk.setLabel("no spaces allowed", "x"))
        .isInstanceOfSatisfying(
            AgonesSdkException.class,
            e -> assertThat(e.reason()).isEqualTo(AgonesSdkException.Reason.INVALID_ARGUMENT));
  }

  @Test
  void listValuesAreAddedRemovedAndBounded() {
    assertThat(sdk.addListValue("tables", "t1").values()).containsExactly("t1");
    sdk.addListValue("tables", "t2");
    AgonesList full = sdk.addListValue("tables", "t3");
    assertThat(full).isEqualTo(new AgonesList("tables", 3, List.of("t1", "t2", "t3")));
    assertThat(full.free()).isZero();

    assertReason(() -> sdk.addListValue("tables", "t4"), AgonesSdkException.Reason.OUT_OF_RANGE);
    assertThat(sdk.removeListValue("tables", "t3").values()).containsExactly("t1", "t2");
    assertReason(() -> sdk.addListValue("tables", "t1"), AgonesSdkException.Reason.ALREADY_EXISTS);
    assertReason(() -> sdk.removeListValue("tables", "t9"), AgonesSdkException.Reason.NOT_FOUND);
    assertReason(() -> sdk.getList("no-such-list"), AgonesSdkException.Reason.NOT_FOUND);
    assertReason(() -> sdk.addListValue("no-such-list", "x"), AgonesSdkException.Reason.NOT_FOUND);

    assertThat(sdk.getList("tables")).isEqualTo(new AgonesList("tables", 3, List.of("t1", "t2")));
  }

  @Test
  void updateListReplacesCapacityAndValuesAndTruncates() throws Exception {
    sdk.watchGameServer(seen::add);
    sdk.updateList("tables", 2, List.of("a", "b", "c"));

    AgonesList truncated = new AgonesList("tables", 2, List.of("a", "b"));
    assertThat(sdk.getList("tables")).isEqualTo(truncated);
    awaitWritten(truncated);
    sdk.updateListCapacity("tables", 5);
    assertThat(sdk.getList("tables")).isEqualTo(new AgonesList("tables", 5, List.of("a", "b")));
    assertReason(
        () -> sdk.updateListCapacity("tables", 11),
        AgonesSdkException.Reason.OUT_OF_RANGE); // above the players List's capacity, 10
    assertReason(
        () -> sdk.updateListCapacity("no-such-list", 1), AgonesSdkException.Reason.NOT_FOUND);
  }

  @Test
  void countersCountWithinTheirCapacity() {
    assertThat(sdk.incrementCounter("seats", 2)).isEqualTo(new AgonesCounter("seats", 2, 6));
    assertReason(() -> sdk.incrementCounter("seats", 5), AgonesSdkException.Reason.OUT_OF_RANGE);
    assertReason(() -> sdk.incrementCounter("seats", -3), AgonesSdkException.Reason.OUT_OF_RANGE);
    sdk.setCounterCapacity("seats", 10);
    sdk.setCounterCount("seats", 7);

    assertThat(sdk.getCounter("seats")).isEqualTo(new AgonesCounter("seats", 7, 10));
    assertReason(() -> sdk.getCounter("no-such-counter"), AgonesSdkException.Reason.NOT_FOUND);
  }

  @Test
  void healthPingsFlowOnOneStream() throws Exception {
    HealthKeepAlive health = sdk.startHealth(Duration.ofMillis(20));

    await(() -> health.pingsSent() >= 5, "five health pings");
    assertThat(health.streamsOpened()).isEqualTo(1);
    assertThat(health.lastPing()).isPresent();
    health.close();
    long sent = health.pingsSent();
    assertThat(sdk.getGameServer().name()).isEqualTo(NAME);
    assertThat(health.pingsSent()).isEqualTo(sent);
  }

  static void assertReason(Runnable call, AgonesSdkException.Reason reason) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            AgonesSdkException.class,
            e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
  }
}
