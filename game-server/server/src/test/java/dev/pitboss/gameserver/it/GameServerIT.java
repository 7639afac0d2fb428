package dev.pitboss.gameserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitboss.agones.sdk.SdkServerStandIn;
import dev.pitboss.crds.TableRules;
import dev.pitboss.gameserver.host.GameServerProcess;
import dev.pitboss.wallet.v1.AccountKind;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.RedisClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * One game-server process on the real Redis and the real wallet (PostgreSQL), with the Agones SDK
 * server stand-in playing the cluster: it becomes Ready, opens the table placed on it, seats bots
 * that hold tickets and play over real WebSockets, settles every hand, keeps the players list,
 * closes the table, pays everyone out and shuts down when idle.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GameServerIT {

  static final String TABLE = "table/it/cash/0";
  static final TableRules RULES = ServerFixture.cashRules("table/it/cash/", 6);
  static final long DEPOSIT = 50_000;
  static final JsonMapper JSON = JsonMapper.builder().build();

  static ServerFixture fixture;
  static WalletUnderTest wallet;
  static TicketSigner signer;
  static SdkServerStandIn agones;
  static GameServerProcess server;
  static RedisClient redis;
  static final Map<String, String> accounts = new HashMap<>();
  static final List<BotClient> bots = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    // Bots act the moment their turn comes, far faster than people: ProtocolIT tests the limit.
    fixture = new ServerFixture("game_server_it", 1_000, 1_000);
    wallet = fixture.wallet;
    signer = fixture.signer;
    agones = fixture.agones;
    server = fixture.server;
    redis = fixture.redis;
    redis.del("pitboss:table:" + TABLE);
  }

  @AfterAll
  static void stop() {
    bots.forEach(BotClient::close);
    if (fixture != null) fixture.close();
  }

  @Test
  @Order(1)
  void becomesReadyAndOpensTheTablePlacedOnIt() {
    assertThat(agones.calls("Ready")).isNotEmpty();
    agones.allocate(Map.of(RULES.annotationKey(), JSON.writeValueAsString(RULES)), List.of(TABLE));
    await().until(() -> server.host().tableIds().contains(TABLE));
    await().until(() -> "6".equals(redis.hget("pitboss:table:" + TABLE, "free")));
    assertThat(redis.hget("pitboss:table:" + TABLE, "port"))
        .isEqualTo(Integer.toString(server.socketPort()));
    assertThat(redis.zscore("pitboss:owner:" + RULES.owner(), TABLE)).isEqualTo(6.0);
  }

  @Test
  @Order(2)
  void botsWithTicketsSitDownAndPlayHandsThatSettleInTheLedger() {
    for (int seat = 1; seat <= 6; seat++) {
      var name = "bot" + seat;
      var account = wallet.player(name, DEPOSIT);
      accounts.put(name, account);
      var hold = wallet.hold(account, TABLE, name, 20_000);
      var bot = new BotClient(name, server.socketPort(), seat);
      bots.add(bot);
      bot.join(signer.cash(name, TABLE, seat, 20_000, hold, Instant.now()));
    }
    await().until(() -> bots.stream().allMatch(b -> b.seat > 0));
    await().until(() -> agones.gameServer().list("players").orElseThrow().values().size() == 6);
    assertThat(agones.gameServer().list("players").orElseThrow().values())
        .contains(TABLE + "#1", TABLE + "#6");
    await()
        .atMost(Duration.ofMinutes(3))
        .until(
            () ->
                bots.stream().allMatch(b -> b.handsEnded >= 60)
                    || agones.gameServer().list("players").orElseThrow().values().size() < 2);
    assertThat(bots).allSatisfy(b -> assertThat(b.closed).isFalse());
    assertThat(bots).allSatisfy(b -> assertThat(b.errors).isEmpty());
    // While they play, the books balance: every chip is in a wallet, an escrow or the house.
    assertThat(wallet.reconcile().getBalanced()).isTrue();
  }

  @Test
  @Order(3)
  void probesAndMetricsTellAnSreWhatTheServerIsDoing() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    Function<String, java.net.http.HttpResponse<String>> get =
        path -> {
          try {
            return http.send(
                java.net.http.HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.adminPort() + path))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    assertThat(get.apply("/healthz").statusCode()).isEqualTo(200);
    assertThat(get.apply("/readyz").statusCode()).isEqualTo(200);
    var metrics = get.apply("/metrics").body();
    assertThat(metrics)
        .contains("pitboss_gs_tables 1.0")
        .contains("pitboss_gs_connections 6.0")
        .containsPattern("pitboss_gs_hands_total\\{outcome=\"settled\"} [1-9]")
        .containsPattern("pitboss_gs_action_broadcast_seconds_count [1-9]")
        .containsPattern("pitboss_gs_wallet_seconds_count\\{call=\"settle\"} [1-9]")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  @Order(4)
  void noPlayerEverReceivedAnotherPlayersUnshownHoleCards() {
    var holeCards =
        Pattern.compile("\"kind\":\"holeCards\".*?\"cards\":\\[\"(\\w\\w)\",\"(\\w\\w)\"\\]");
    var hand = Pattern.compile("\"kind\":\"handStarted\",\"hand\":(\\d+)");
    // Each bot's own cards per hand, as it was dealt them.
    Map<Long, Map<String, List<String>>> dealt = new HashMap<>();
    for (var bot : bots) {
      long current = -1;
      for (var frame : bot.frames) {
        var h = hand.matcher(frame);
        if (h.find()) current = Long.parseLong(h.group(1));
        var m = holeCards.matcher(frame);
        if (m.find())
          dealt
              .computeIfAbsent(current, k -> new HashMap<>())
              .put(bot.name, List.of(m.group(1), m.group(2)));
      }
    }
    int checkedHands = 0;
    for (var bot : bots) {
      long current = -1;
      for (var frame : bot.frames) {
        var h = hand.matcher(frame);
        if (h.find()) {
          current = Long.parseLong(h.group(1));
          checkedHands++;
        }
        if (frame.contains("\"kind\":\"shown\"")) continue;
        var cards = dealt.getOrDefault(current, Map.of());
        for (var other : cards.entrySet()) {
          if (other.getKey().equals(bot.name)) continue;
          // A hand shown at showdown may be repeated in the reveals; an unshown one never.
          boolean shown = shownInHand(bot, current, other.getValue());
          if (shown) continue;
          for (var card : other.getValue())
            assertThat(frame)
                .as("%s saw %s's %s in hand %d", bot.name, other.getKey(), card, current)
                .doesNotContain("\"" + card + "\"");
        }
      }
    }
    assertThat(checkedHands).isGreaterThan(60);
  }

  private static boolean shownInHand(BotClient bot, long hand, List<String> cards) {
    boolean in = false;
    for (var frame : bot.frames) {
      if (frame.contains("\"kind\":\"handStarted\",\"hand\":" + hand + ",")) in = true;
      else if (frame.contains("\"kind\":\"handStarted\"")) in = false;
      if (in && frame.contains("\"kind\":\"shown\"") && frame.contains("\"" + cards.get(0) + "\""))
        return true;
    }
    return false;
  }

  @Test
  @Order(5)
  void everySettledHandsHistoryIsStoredWithItsSettlementAndReplaysToTheSameResult()
      throws Exception {
    var ended = java.util.regex.Pattern.compile("\"kind\":\"handEnded\",\"hand\":(\\d+)");
    var hands = new java.util.TreeSet<Long>();
    for (var frame : bots.getFirst().frames) {
      var m = ended.matcher(frame);
      if (m.find()) hands.add(Long.parseLong(m.group(1)));
    }
    assertThat(hands).hasSizeGreaterThan(15);
    var reader = wallet.as("reconcile");
    for (long hand : hands) {
      var reference = TABLE + "/hand/" + hand;
      var stored =
          reader.getAttachment(
              dev.pitboss.wallet.v1.GetAttachmentRequest.newBuilder()
                  .setReference(reference)
                  .build());
      assertThat(stored.getTransferId()).isNotEmpty();
      assertThat(stored.getMediaType()).isEqualTo("application/vnd.pitboss.hand-history+json");
      var content = stored.getContent().toByteArray();
      assertThat(stored.getSha256())
          .isEqualTo(
              java.util.HexFormat.of()
                  .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content)));
      var history =
          dev.pitboss.history.HandHistoryJson.fromJson(
              new String(content, java.nio.charset.StandardCharsets.UTF_8));
      var report = dev.pitboss.engine.history.Replayer.replay(history);
      assertThat(report.matches()).as("hand %d replays: %s", hand, report.differences()).isTrue();
      assertThat(report.commitmentVerified())
          .as("hand %d's reveals match its commitment", hand)
          .isTrue();
    }
    // The audit command does the same from the command line, as the auditor identity.
    var auditor = wallet.identity("reconcile");
    var env =
        Map.of(
            "PITBOSS_WALLET_TARGET", "127.0.0.1:" + wallet.port(),
            "PITBOSS_WALLET_CERT", auditor.certificateChain().toString(),
            "PITBOSS_WALLET_KEY", auditor.privateKey().toString(),
            "PITBOSS_WALLET_CA", auditor.trustRoots().toString());
    var printed = new java.io.ByteArrayOutputStream();
    var out = new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8);
    var args = new String[] {TABLE, hands.first().toString(), hands.last().toString(), "999999"};
    assertThat(dev.pitboss.gameserver.money.HandAudit.run(args, env, out)).isEqualTo(1);
    assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains(TABLE + "/hand/" + hands.first() + ": OK")
        .contains(TABLE + "/hand/999999: FAILED: NOT_FOUND");
  }

  @Test
  @Order(6)
  void closingTheTablePaysEveryoneOutAndAnIdleServerShutsDown() throws Exception {
    agones.setList("tables", 10, List.of());
    await().until(() -> !server.host().tableIds().contains(TABLE));
    await().until(() -> agones.gameServer().list("players").orElseThrow().values().isEmpty());
    long players = accounts.values().stream().mapToLong(wallet::balance).sum();
    long house = wallet.house();
    assertThat(players + house)
        .as("every chip back in a wallet or the house")
        .isEqualTo(6 * DEPOSIT);
    assertThat(house).as("rake").isPositive();
    for (int seat = 1; seat <= 6; seat++)
      assertThat(wallet.balanceOf(AccountKind.ACCOUNT_KIND_TABLE_ESCROW, TABLE + "#" + seat))
          .isZero();
    assertThat(wallet.reconcile().getBalanced()).isTrue();
    assertThat(redis.exists("pitboss:table:" + TABLE)).isFalse();
    await().atMost(Duration.ofSeconds(20)).until(() -> !agones.calls("Shutdown").isEmpty());
  }
}
