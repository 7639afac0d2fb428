package dev.pitboss.gameserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitboss.agones.sdk.GameServerView;
import dev.pitboss.agones.sdk.SdkServerStandIn;
import dev.pitboss.testbed.TestBed;
import dev.pitboss.wallet.v1.AccountKind;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.RedisClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The game server as its own process (its production {@code Main}), killed with SIGKILL in the
 * middle of a hand with money in escrow: the ledger holds every player's chips as of the last
 * settled hand, the restarted process reopens the table from the ledger, and the players play on.
 * Then SIGTERM drains it: the hand ends, everyone is paid out, Agones is told to shut down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashIT {
  static final String TABLE = "table/it/crash/0";
  static final long DEPOSIT = 50_000;

  static WalletUnderTest wallet;
  static TicketSigner signer;
  static SdkServerStandIn agones;
  static RedisClient redis;
  static Path jwks;
  static Path logs;
  static int port;
  static Process process;
  static final Map<String, String> accounts = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    wallet = new WalletUnderTest("game_server_crash_it");
    signer = new TicketSigner();
    var dir = Files.createTempDirectory("gs-crash");
    jwks = signer.writeJwks(dir);
    logs = dir;
    redis = RedisClient.create(URI.create("redis://127.0.0.1:" + TestBed.redisPort()));
    redis.del("pitboss:table:" + TABLE);
    agones = SdkServerStandIn.start(0, "gs-crash");
    agones.setList("tables", 10, List.of());
    agones.setList("players", 100, List.of());
    try (var s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    var rules = ServerFixture.cashRules("table/it/crash/", 6);
    agones.allocate(
        Map.of(rules.annotationKey(), JsonMapper.builder().build().writeValueAsString(rules)),
        List.of(TABLE));
    for (var name : List.of("alice", "bob")) accounts.put(name, wallet.player(name, DEPOSIT));
  }

  @AfterAll
  static void stop() {
    if (process != null) process.destroyForcibly();
    if (agones != null) agones.close();
    if (wallet != null) wallet.close();
    if (redis != null) redis.close();
  }

  static Process launch(int run) throws IOException {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder =
        new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"), "dev.pitboss.gameserver.host.Main");
    var env = builder.environment();
    env.put("PITBOSS_GS_BIND", "127.0.0.1:" + port);
    env.put("PITBOSS_GS_ADMIN_BIND", "127.0.0.1:0");
    env.put("PITBOSS_GS_ADVERTISE_ADDRESS", "127.0.0.1");
    env.put("PITBOSS_GS_ADVERTISE_PORT", Integer.toString(port));
    env.put("PITBOSS_WALLET_TARGET", "127.0.0.1:" + wallet.port());
    var identity = wallet.identity("game-server");
    env.put("PITBOSS_WALLET_CERT", identity.certificateChain().toString());
    env.put("PITBOSS_WALLET_KEY", identity.privateKey().toString());
    env.put("PITBOSS_WALLET_CA", identity.trustRoots().toString());
    env.put("PITBOSS_REDIS_URL", "redis://127.0.0.1:" + TestBed.redisPort());
    env.put("PITBOSS_TICKET_ISSUER", TicketSigner.ISSUER);
    env.put("PITBOSS_TICKET_JWKS", jwks.toString());
    env.put("PITBOSS_HAND_PAUSE_MS", "0");
    env.put("PITBOSS_IDLE_GRACE_SECONDS", "600");
    env.put("AGONES_SDK_GRPC_PORT", Integer.toString(agones.port()));
    builder
        .redirectErrorStream(true)
        .redirectOutput(logs.resolve("game-server-" + run + ".log").toFile());
    return builder.start();
  }

  static BotClient connect(String name, int seat, String hold, long buyIn, boolean playing) {
    var bot = new BotClient(name, port, seat);
    bot.playing = playing;
    bot.join(signer.cash(name, TABLE, seat, buyIn, hold, Instant.now()));
    await().until(() -> bot.seat == seat || !bot.errors.isEmpty());
    assertThat(bot.errors).isEmpty();
    return bot;
  }

  static long escrow(int seat) throws java.sql.SQLException {
    return wallet.balanceOf(AccountKind.ACCOUNT_KIND_TABLE_ESCROW, TABLE + "#" + seat);
  }

  static long everyChip() throws java.sql.SQLException {
    return wallet.chipsInside();
  }

  static String lastTurn(BotClient bot) {
    for (int i = bot.frames.size() - 1; i >= 0; i--)
      if (bot.frames.get(i).contains("\"kind\":\"turn\"")) return bot.frames.get(i);
    return "";
  }

  @Test
  @Order(1)
  void killedMidHandTheLedgerHoldsTheStacksOfTheLastSettledHand() throws Exception {
    process = launch(1);
    await().atMost(Duration.ofSeconds(60)).until(() -> redis.exists("pitboss:table:" + TABLE));
    var alice =
        connect(
            "alice", 1, wallet.hold(accounts.get("alice"), TABLE, "alice", 10_000), 10_000, false);
    var bob =
        connect("bob", 2, wallet.hold(accounts.get("bob"), TABLE, "bob", 10_000), 10_000, false);
    // Both raise and call before the flop: 600 in the pot, nothing of it settled.
    await().until(() -> lastTurn(alice).contains("\"kind\":\"turn\""));
    var first = lastTurn(alice).contains("\"seat\":1,") ? alice : bob;
    var second = first == alice ? bob : alice;
    first.send("{\"type\":\"act\",\"action\":\"raise\",\"amount\":300}");
    await()
        .until(
            () ->
                lastTurn(second).contains("\"callAmount\":200")
                    || lastTurn(second).contains("\"callAmount\":250"));
    second.send("{\"type\":\"act\",\"action\":\"call\"}");
    await().until(() -> second.frames.stream().anyMatch(f -> f.contains("\"kind\":\"board\"")));
    assertThat(escrow(1)).isEqualTo(10_000);
    assertThat(escrow(2)).isEqualTo(10_000);

    process.destroyForcibly().waitFor();
    await().until(() -> alice.closed && bob.closed);

    assertThat(escrow(1)).as("alice's chips before the void hand").isEqualTo(10_000);
    assertThat(escrow(2)).isEqualTo(10_000);
    assertThat(everyChip()).isEqualTo(2 * DEPOSIT);
    assertThat(wallet.reconcile().getBalanced()).isTrue();
  }

  @Test
  @Order(2)
  void theRestartedServerReopensTheTableFromTheLedgerAndPlayGoesOn() throws Exception {
    redis.del("pitboss:table:" + TABLE);
    process = launch(2);
    await().atMost(Duration.ofSeconds(60)).until(() -> redis.exists("pitboss:table:" + TABLE));
    assertThat(redis.hget("pitboss:table:" + TABLE, "occupied")).isEqualTo("1,2");
    // Its GameServer stays Allocated: Ready would hand it back to Agones as a free server.
    assertThat(agones.calls("Ready")).isEmpty();
    assertThat(agones.gameServer().state()).isEqualTo(GameServerView.STATE_ALLOCATED);
    // Seated already: a fresh ticket attaches them without a new buy-in.
    var alice = connect("alice", 1, "unused", 10_000, true);
    var bob = connect("bob", 2, "unused", 10_000, true);
    // The chips the ledger held: the first hand after the restart has only its blinds in.
    for (var seat : BotClient.JSON.readTree(alice.frames.getFirst()).get("snapshot").get("seats"))
      assertThat(seat.get("stack").asLong() + seat.get("streetBet").asLong()).isEqualTo(10_000);
    await().atMost(Duration.ofMinutes(2)).until(() -> alice.handsEnded >= 10 || alice.closed);
    assertThat(everyChip()).isEqualTo(2 * DEPOSIT);
  }

  @Test
  @Order(3)
  void sigtermFinishesTheHandPaysEveryoneOutAndShutsDown() throws Exception {
    process.destroy();
    assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(escrow(1)).isZero();
    assertThat(escrow(2)).isZero();
    assertThat(everyChip()).isEqualTo(2 * DEPOSIT);
    assertThat(agones.calls("Shutdown")).isNotEmpty();
    assertThat(wallet.reconcile().getBalanced()).isTrue();
  }
}
