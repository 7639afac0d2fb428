package dev.pitboss.agones.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.testbed.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the stand-in adds to the contract: the cluster's side, recorded calls, health checks. */
class SdkServerStandInTest {
  private static final Duration WAIT = SdkContract.WAIT;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T12:00:00Z"));
  private final SdkServerStandIn standIn = SdkServerStandIn.start(0, "gs-1", clock);
  private final AgonesSdk sdk =
      AgonesSdk.builder()
          .port(standIn.port())
          .clock(clock)
          .callTimeout(WAIT)
          .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
          .build();
  private final BlockingQueue<GameServerView> seen = new LinkedBlockingQueue<>();

  @AfterEach
  void stop() {
    sdk.close();
    standIn.close();
  }

  private GameServerView next() throws InterruptedException {
    GameServerView view = seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(view).as("a watched GameServer within " + WAIT).isNotNull();
    return view;
  }

  @Test
  void readyGoesThroughRequestReadyAsTheControllerMovesIt() throws Exception {
    sdk.watchGameServer(seen::add);
    assertThat(next().state()).isEqualTo("Scheduled");

    sdk.ready();

    assertThat(next().state()).isEqualTo("RequestReady");
    assertThat(next().state()).isEqualTo("Ready");
    assertThat(standIn.calls())
        .extracting(SdkServerStandIn.Call::method)
        .containsExactly("WatchGameServer", "Ready");
  }

  @Test
  void anAllocationArrivesAsOneUpdateWithItsTablesAndAnnotations() throws Exception {
    standIn.setList("tables", 4, List.of("t-0"));
    sdk.watchGameServer(seen::add);
    next();

    standIn.allocate(Map.of("pitboss.dev/table-t-1", "{\"seats\":6}"), List.of("t-1", "t-2"));

    GameServerView allocated = next();
    assertThat(allocated.state()).isEqualTo("Allocated");
    assertThat(allocated.list("tables").orElseThrow().values())
        .containsExactly("t-0", "t-1", "t-2");
    assertThat(allocated.annotations())
        .containsEntry("pitboss.dev/table-t-1", "{\"seats\":6}")
        .containsEntry(SdkServerStandIn.LAST_ALLOCATED_ANNOTATION, "2026-12-01T12:00:00Z");
    assertThat(seen).isEmpty();
  }

  @Test
  void aBackedStandInWritesEachChangeAndServesTheGameServerTheClusterHolds() throws Exception {
    List<String> written = new java.util.concurrent.CopyOnWriteArrayList<>();
    standIn.backWith(
        (before, after) ->
            written.add(before.getStatus().getState() + "->" + after.getStatus().getState()));
    sdk.watchGameServer(seen::add);
    next();

    sdk.ready();
    next();
    next();
    assertThat(written).containsExactly("Scheduled->RequestReady", "RequestReady->Ready");

    var fromCluster =
        agones.dev.sdk.Sdk.GameServer.newBuilder()
            .setObjectMeta(
                agones.dev.sdk.Sdk.GameServer.ObjectMeta.newBuilder()
                    .setName("gs-1")
                    .setNamespace("pitboss")
                    .setResourceVersion("41"))
            .setStatus(
                agones.dev.sdk.Sdk.GameServer.Status.newBuilder()
                    .setState("Allocated")
                    .putLists(
                        "tables",
                        agones.dev.sdk.Sdk.GameServer.Status.ListStatus.newBuilder()
                            .setCapacity(4)
                            .addValues("t-9")
                            .build()))
            .build();
    standIn.mirror(fromCluster);

    GameServerView mirrored = next();
    assertThat(mirrored.state()).isEqualTo("Allocated");
    assertThat(mirrored.namespace()).isEqualTo("pitboss");
    assertThat(mirrored.list("tables").orElseThrow().values()).containsExactly("t-9");
    assertThat(written).as("a mirrored GameServer is not written back").hasSize(2);
  }

  @Test
  void anAllocationThatDoesNotFitIsRefused() {
    standIn.setList("tables", 1, List.of("t-0"));

    assertThatThrownBy(() -> standIn.allocate(Map.of(), List.of("t-1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("room for 1");
    assertThat(standIn.gameServer().state()).isEqualTo("Scheduled");
  }

  @Test
  void theWatchReconnectsWhenTheSidecarDropsIt() throws Exception {
    GameServerWatch watch = sdk.watchGameServer(seen::add);
    next();

    standIn.dropWatchers();
    assertThat(next().state())
        .as("the current GameServer again after resubscribing")
        .isEqualTo("Scheduled");
    standIn.setState("Ready");

    assertThat(next().state()).isEqualTo("Ready");
    assertThat(watch.subscriptions()).isEqualTo(2);
    assertThat(standIn.calls("WatchGameServer")).hasSize(2);
  }

  @Test
  void aClosedWatchGetsNothingMore() throws Exception {
    GameServerWatch watch = sdk.watchGameServer(seen::add);
    next();
    watch.close();
    SdkContract.await(() -> standIn.watchers() == 0, "the stream's cancellation");

    standIn.setState("Ready");

    assertThat(sdk.getGameServer().state()).isEqualTo("Ready");
    assertThat(seen).isEmpty();
    assertThat(watch.updates()).isEqualTo(1);
  }

  @Test
  void aListenerThatThrowsDoesNotEndTheWatch() throws Exception {
    sdk.watchGameServer(
        gs -> {
          seen.add(gs);
          throw new IllegalStateException("listener bug");
        });
    next();
    standIn.setState("Ready");

    assertThat(next().state()).isEqualTo("Ready");
  }

  @Test
  void afterShutdownTheGameServerIsDeletedAsTheControllerDeletesIt() throws Exception {
    standIn.setList("tables", 2, List.of());
    sdk.watchGameServer(seen::add);
    next();

    sdk.shutdown();

    assertThat(next().state()).isEqualTo("Shutdown");
    SdkContract.assertReason(sdk::getGameServer, AgonesSdkException.Reason.OTHER);
    assertThatThrownBy(sdk::getGameServer)
        .hasMessageContaining(
            "could not retrieve GameServer default/gs-1: gameserver.agones.dev \"gs-1\" not found");
    SdkContract.assertReason(() -> sdk.getList("tables"), AgonesSdkException.Reason.OTHER);
    sdk.ready();
    assertThat(standIn.gameServer().state()).isEqualTo("Shutdown");
  }

  @Test
  void missedHealthPingsMakeItUnhealthyAndNoSdkCallLeavesThat() throws Exception {
    sdk.ready();
    clock.advance(Duration.ofSeconds(5 + 5 + 1));
    assertThat(standIn.checkHealth()).isTrue();
    assertThat(standIn.checkHealth()).isTrue();
    assertThat(standIn.checkHealth()).as("third failure, threshold 3").isFalse();
    assertThat(standIn.gameServer().state()).isEqualTo("Unhealthy");

    sdk.ready();
    sdk.allocate();

    assertThat(standIn.gameServer().state()).isEqualTo("Unhealthy");
  }

  @Test
  void pingsKeepItHealthy() throws Exception {
    HealthKeepAlive health = sdk.startHealth(Duration.ofMillis(20));
    clock.advance(Duration.ofSeconds(60));
    assertThat(standIn.checkHealth()).isTrue();
    assertThat(standIn.awaitCalls("Health", 3, WAIT)).isTrue();

    for (int i = 0; i < 5; i++) {
      int before = standIn.calls("Health").size();
      assertThat(standIn.awaitCalls("Health", before + 1, WAIT)).isTrue();
      assertThat(standIn.checkHealth()).isTrue();
      clock.advance(Duration.ofSeconds(4));
    }
    assertThat(health.lastPing().orElseThrow()).isAfter(Instant.parse("2026-12-01T12:01:00Z"));
  }

  @Test
  void everyCallIsRecordedWithItsArguments() {
    standIn.setList("players", 10, List.of());
    standIn.setList("tables", 2, List.of());
    sdk.setLabel("a", "1");
    sdk.addListValue("tables", "t-1");
    sdk.updateList("tables", 2, List.of("t-2"));

    assertThat(standIn.calls())
        .containsExactly(
            new SdkServerStandIn.Call("SetLabel", List.of("a", "1")),
            new SdkServerStandIn.Call("AddListValue", List.of("tables", "t-1")),
            new SdkServerStandIn.Call(
                "UpdateList",
                List.of("tables", "capacity=2", "values=[t-2]", "mask=[capacity, values]")));
    assertThat(standIn.gameServer().list("tables").orElseThrow().values()).containsExactly("t-2");
  }

  @Test
  void updateListCapacityIsBoundedByThePlayersListAsInAgones160() {
    standIn.setList("tables", 2, List.of());

    SdkContract.assertReason(
        () -> sdk.updateListCapacity("tables", 1), AgonesSdkException.Reason.OUT_OF_RANGE);
    standIn.setList("players", 4, List.of());
    sdk.updateListCapacity("tables", 4);
    SdkContract.assertReason(
        () -> sdk.updateListCapacity("tables", 5), AgonesSdkException.Reason.OUT_OF_RANGE);
    standIn.setList("players", 100, List.of());
    SdkContract.assertReason(
        () -> sdk.updateListCapacity("tables", 5), AgonesSdkException.Reason.OUT_OF_RANGE);

    assertThat(standIn.gameServer().list("tables").orElseThrow().capacity()).isEqualTo(4);
  }

  @Test
  void playerTrackingIsRefusedAsWithAgonesDefaultGates() throws Exception {
    var channel =
        io.grpc.Grpc.newChannelBuilderForAddress(
                "localhost", standIn.port(), io.grpc.InsecureChannelCredentials.create())
            .build();
    try {
      var alpha = agones.dev.sdk.alpha.SDKGrpc.newBlockingStub(channel);
      assertThatThrownBy(
              () -> alpha.getPlayerCount(agones.dev.sdk.alpha.Alpha.Empty.getDefaultInstance()))
          .hasMessage("UNKNOWN: PlayerTracking not enabled");
    } finally {
      channel.shutdownNow();
    }
  }
}
