package dev.pitboss.gameserver.it;

import static org.awaitility.Awaitility.await;

import dev.pitboss.agones.sdk.AgonesSdk;
import dev.pitboss.agones.sdk.SdkServerStandIn;
import dev.pitboss.crds.Game;
import dev.pitboss.crds.TableRules;
import dev.pitboss.gameserver.host.GameServerConfig;
import dev.pitboss.gameserver.host.GameServerProcess;
import dev.pitboss.gameserver.host.RedisSettings;
import dev.pitboss.gameserver.host.TableHost;
import dev.pitboss.testbed.TestBed;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.RedisClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A game-server process in-process on the real Redis (the test bed's, or one a test started) and
 * the real wallet (its own database), with the Agones SDK server stand-in playing the cluster, and
 * helpers to place tables and seat bots.
 */
final class ServerFixture implements AutoCloseable {
  static final JsonMapper JSON = JsonMapper.builder().build();

  final WalletUnderTest wallet;
  final TicketSigner signer;
  final SdkServerStandIn agones;
  final RedisClient redis;
  final GameServerProcess server;
  final List<BotClient> bots = new ArrayList<>();

  ServerFixture(String database, int framesPerSecond, int frameBurst) throws Exception {
    this(database, framesPerSecond, frameBurst, TableHost.WhenIdle.SHUTDOWN);
  }

  ServerFixture(String database, int framesPerSecond, int frameBurst, TableHost.WhenIdle whenIdle)
      throws Exception {
    this(
        database,
        framesPerSecond,
        frameBurst,
        whenIdle,
        RedisSettings.plain("127.0.0.1", TestBed.redisPort()));
  }

  /** On the Redis {@code redisSettings} name (the test bed's above); the fixture's client too. */
  ServerFixture(
      String database,
      int framesPerSecond,
      int frameBurst,
      TableHost.WhenIdle whenIdle,
      RedisSettings redisSettings)
      throws Exception {
    wallet = new WalletUnderTest(database);
    signer = new TicketSigner();
    redis = redisSettings.open();
    agones = SdkServerStandIn.start(0, "gs-" + database.replace('_', '-'));
    agones.setList("tables", 10, List.of());
    agones.setList("players", 100, List.of());
    var identity = wallet.identity("game-server");
    var config =
        new GameServerConfig(
            new InetSocketAddress("127.0.0.1", 0),
            new InetSocketAddress("127.0.0.1", 0),
            "127.0.0.1",
            0,
            "127.0.0.1:" + wallet.port(),
            false,
            identity.certificateChain(),
            identity.privateKey(),
            identity.trustRoots(),
            redisSettings,
            TicketSigner.ISSUER,
            signer.writeJwks(Files.createTempDirectory("gs-it")).toUri(),
            Duration.ofSeconds(1),
            whenIdle,
            Duration.ZERO,
            Duration.ofMinutes(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(2),
            4_096,
            framesPerSecond,
            frameBurst);
    server = GameServerProcess.start(config, AgonesSdk.connect(agones.port()), Clock.systemUTC());
    await().until(() -> !agones.calls("Ready").isEmpty());
  }

  static TableRules cashRules(String owner, int seats) {
    return new TableRules(
        owner,
        Game.NLHE,
        seats,
        30,
        new TableRules.Cash(50, 100, "EUR", 4_000, 20_000, 500, 300),
        null);
  }

  /** Places a table here as an allocation would, and waits until it is open. */
  void place(String table, TableRules rules) {
    redis.del("pitboss:table:" + table);
    agones.allocate(Map.of(rules.annotationKey(), JSON.writeValueAsString(rules)), List.of(table));
    // Opening reads the table's seats back from the ledger: on a loaded machine, seconds.
    await().atMost(Duration.ofMinutes(1)).until(() -> server.host().tableIds().contains(table));
  }

  /** A funded player with a buy-in held for {@code table}, connected and joining {@code seat}. */
  BotClient seat(String name, String table, int seat, long buyIn, boolean playing) {
    var account = wallet.player(name, 50_000);
    var hold = wallet.hold(account, table, name, buyIn);
    var bot = connect(name, seat);
    bot.playing = playing;
    bot.join(signer.cash(name, table, seat, buyIn, hold, Instant.now()));
    await().until(() -> bot.seat > 0 || !bot.errors.isEmpty());
    return bot;
  }

  BotClient connect(String name, long seed) {
    var bot = new BotClient(name, server.socketPort(), seed);
    bots.add(bot);
    return bot;
  }

  @Override
  public void close() {
    bots.forEach(BotClient::close);
    server.close();
    agones.close();
    wallet.close();
    redis.close();
  }
}
