package dev.pitboss.gameserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitboss.gameserver.host.RedisSettings;
import dev.pitboss.gameserver.host.TableHost;
import dev.pitboss.testbed.CertificateAuthority;
import dev.pitboss.testbed.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The game server over a Redis of the test's own that speaks only TLS (no plaintext port, a
 * certificate from the test's CA, client certificates required) and knows it only as an ACL user
 * with a password: configured from the environment as in a pod, it opens a table, advertises it and
 * seats a player with a ticket (lobby and ticket ids in that Redis); with a wrong password the
 * process does not start, and says why without the password.
 */
class RedisAuthIT {
  static final String PASSWORD = "tables-Pa55-" + System.nanoTime();
  static final String WRONG_PASSWORD = "wrong-Pa55-" + System.nanoTime();
  static final String TABLE = "table/redis-auth/cash/0";

  static Path dir;
  static RedisServer redis;
  static Map<String, String> env;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("gs-redis-auth");
    var ca = CertificateAuthority.create(dir.resolve("ca"), "redis test CA", Clock.systemUTC());
    redis =
        RedisServer.startTls(
            ca.issue("redis", null, "127.0.0.1"),
            true,
            "--user",
            "tables",
            "on",
            ">" + PASSWORD,
            "~*",
            "&*",
            "+@all");
    var client = ca.issue("game-server-redis", null);
    env = new HashMap<>();
    env.put("PITBOSS_REDIS_URL", "rediss://127.0.0.1:" + redis.port());
    env.put("PITBOSS_REDIS_USERNAME", "tables");
    env.put(
        "PITBOSS_REDIS_PASSWORD_FILE",
        Files.writeString(dir.resolve("password"), PASSWORD + "\n").toString());
    env.put("PITBOSS_REDIS_CA", ca.trustRoots().toString());
    env.put("PITBOSS_REDIS_CERT", client.certificateChain().toString());
    env.put("PITBOSS_REDIS_KEY", client.privateKey().toString());
  }

  @AfterAll
  static void stop() throws Exception {
    redis.close();
  }

  @Test
  void opensAdvertisesAndSeatsOverTlsAsAnAclUser() throws Exception {
    var rules = ServerFixture.cashRules("table/redis-auth/cash/", 6);
    try (var fixture =
        new ServerFixture(
            "game_server_redis_auth_it",
            1_000,
            1_000,
            TableHost.WhenIdle.SHUTDOWN,
            RedisSettings.fromEnv(env))) {
      fixture.place(TABLE, rules);
      await().until(() -> "6".equals(fixture.redis.hget("pitboss:table:" + TABLE, "free")));
      assertThat(fixture.redis.hget("pitboss:table:" + TABLE, "port"))
          .isEqualTo(Integer.toString(fixture.server.socketPort()));

      var bot = fixture.seat("alice", TABLE, 1, 10_000, false);

      assertThat(bot.errors).isEmpty();
      assertThat(bot.seat).isEqualTo(1);
      await().until(() -> "5".equals(fixture.redis.hget("pitboss:table:" + TABLE, "free")));
    }
  }

  @Test
  void aWrongPasswordStopsTheStartNamingTheProblemButNotThePassword() throws Exception {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder =
        new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"), "dev.pitboss.gameserver.host.Main");
    var log = dir.resolve("game-server.log");
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("PITBOSS_"));
    builder.environment().putAll(env);
    builder.environment().remove("PITBOSS_REDIS_PASSWORD_FILE");
    builder.environment().put("PITBOSS_REDIS_PASSWORD", WRONG_PASSWORD);
    builder.environment().put("PITBOSS_WALLET_TARGET", "127.0.0.1:1");
    builder.environment().put("PITBOSS_WALLET_PLAINTEXT", "true");
    builder.environment().put("PITBOSS_TICKET_ISSUER", TicketSigner.ISSUER);
    builder.environment().put("PITBOSS_TICKET_JWKS", dir.resolve("jwks.json").toString());
    builder.environment().put("PITBOSS_GS_BIND", "127.0.0.1:0");
    builder.environment().put("PITBOSS_GS_ADMIN_BIND", "127.0.0.1:0");
    var process = builder.start();
    try {
      assertThat(process.waitFor(Duration.ofMinutes(1).toSeconds(), TimeUnit.SECONDS)).isTrue();
      var said = Files.readString(log);
      assertThat(process.exitValue()).as(said).isEqualTo(1);
      assertThat(said)
          .contains("game-server: could not start")
          .contains("Redis at rediss://127.0.0.1:" + redis.port())
          .contains("refused the game server (user tables, password set, TLS with a client")
          .contains("WRONGPASS")
          .doesNotContain(WRONG_PASSWORD)
          .doesNotContain(PASSWORD);
    } finally {
      process.destroyForcibly();
    }
  }
}
