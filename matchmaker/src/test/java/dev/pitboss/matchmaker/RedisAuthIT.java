package dev.pitboss.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.testbed.CertificateAuthority;
import dev.pitboss.testbed.RedisServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.UnifiedJedis;

/**
 * The matchmaker over a Redis that asks who it is, each a real {@code redis-server} of the test's
 * own: one with a password for its default user and an ACL user, one that speaks only TLS (no
 * plaintext port) with a certificate from the test's CA, asks clients for a certificate from that
 * CA and a password. With the right settings it seats a player (the game server's part played by
 * {@link GameServerStandIn} over the matchmaker's own connection, so the table is advertised where
 * the matchmaker looks); with a wrong one it refuses to start, naming the problem and never the
 * password.
 */
class RedisAuthIT {
  private static final String PASSWORD = "seats-Pa55-" + System.nanoTime();
  private static final String DEFAULT_PASSWORD = "default-Pa55-" + System.nanoTime();
  private static final String WRONG_PASSWORD = "wrong-Pa55-" + System.nanoTime();

  static Path dir;
  static CertificateAuthority ca;
  static CertificateAuthority otherCa;
  static CertificateAuthority.PemFiles client;
  static RedisServer acl;
  static RedisServer tls;
  static RedisServer misnamed;
  static Path passwordFile;
  static MatchmakerFixture f;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("matchmaker-redis-auth");
    ca = CertificateAuthority.create(dir.resolve("ca"), "redis test CA", Clock.systemUTC());
    otherCa = CertificateAuthority.create(dir.resolve("other"), "another CA", Clock.systemUTC());
    client = ca.issue("redis-client", null);
    acl =
        RedisServer.start(
            "--requirepass",
            DEFAULT_PASSWORD,
            "--user",
            "seats",
            "on",
            ">" + PASSWORD,
            "~*",
            "&*",
            "+@all");
    tls =
        RedisServer.startTls(ca.issue("redis", null, "127.0.0.1"), true, "--requirepass", PASSWORD);
    misnamed = RedisServer.startTls(ca.issue("redis-elsewhere", null, "redis.example"), false);
    passwordFile = Files.writeString(dir.resolve("redis-password"), PASSWORD + "\n");
    f = new MatchmakerFixture("matchmaker_redis_auth_it", aclUser());
    f.tableType("nl100", 6);
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
    for (var server : new RedisServer[] {acl, tls, misnamed}) {
      server.close();
    }
  }

  /** The ACL user {@code seats}, its password from a mounted file (what the chart does). */
  static Map<String, Object> aclUser() {
    return Map.of(
        "pitboss.matchmaker.redis-port", acl.port(),
        "pitboss.matchmaker.redis-username", "seats",
        "pitboss.matchmaker.redis-password-file", passwordFile.toString());
  }

  /** TLS checked against the test CA, a client certificate, the default user's password. */
  static Map<String, Object> tlsWithClientCertificate() {
    return Map.of(
        "pitboss.matchmaker.redis-port", tls.port(),
        "pitboss.matchmaker.redis-password", PASSWORD,
        "pitboss.matchmaker.redis-tls", true,
        "pitboss.matchmaker.redis-trust-roots", ca.trustRoots().toString(),
        "pitboss.matchmaker.redis-cert-chain", client.certificateChain().toString(),
        "pitboss.matchmaker.redis-private-key", client.privateKey().toString());
  }

  static void restart(Map<String, Object> redis) {
    if (f.app.getApplicationContext().isRunning()) {
      f.stop();
    }
    f.properties.keySet().removeIf(k -> k.startsWith("pitboss.matchmaker.redis-"));
    f.properties.put("pitboss.matchmaker.redis-host", "127.0.0.1");
    f.properties.putAll(redis);
    f.start();
  }

  void seatsAPlayer(String player, int tableNumber) throws Exception {
    var owner = TableIds.cashOwner(f.namespace, "nl100");
    var table = owner + tableNumber;
    var server =
        new GameServerStandIn(
            f.bean(UnifiedJedis.class),
            f.gameServer,
            f.bean(TicketSigner.class).jwks(),
            f.bean(TicketSigner.class).issuer());
    server.advertise(owner, table, 6);
    var account = f.player(player, 50_000);

    var reply =
        f.call(
            "POST",
            "/v1/tables/" + f.namespace + "/nl100/seat",
            f.token(player),
            "{\"buyIn\":5000,\"waitSeconds\":0}");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("table").asText()).isEqualTo(table);
    server.join(table, reply.json().get("ticket").asText());
    assertThat(f.account(account).getBalanceMinorUnits()).isEqualTo(45_000);
    var readiness = f.call("GET", "/health/readiness", null, null);
    assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
  }

  @Test
  void seatsAPlayerAsAnAclUserWithItsPasswordFromAFile() throws Exception {
    restart(aclUser());
    seatsAPlayer("acl", 1);
  }

  @Test
  void seatsAPlayerOverTlsWithAClientCertificate() throws Exception {
    restart(tlsWithClientCertificate());
    seatsAPlayer("tls", 2);
  }

  static Stream<Arguments> wrongSettings() {
    var wrongPassword = new HashMap<>(aclUser());
    wrongPassword.remove("pitboss.matchmaker.redis-password-file");
    wrongPassword.put("pitboss.matchmaker.redis-password", WRONG_PASSWORD);
    var noPassword = new HashMap<>(aclUser());
    noPassword.remove("pitboss.matchmaker.redis-username");
    noPassword.remove("pitboss.matchmaker.redis-password-file");
    var unknownCa = new HashMap<>(tlsWithClientCertificate());
    unknownCa.put("pitboss.matchmaker.redis-trust-roots", otherCa.trustRoots().toString());
    var noClientCertificate = new HashMap<>(tlsWithClientCertificate());
    noClientCertificate.remove("pitboss.matchmaker.redis-cert-chain");
    noClientCertificate.remove("pitboss.matchmaker.redis-private-key");
    var plaintext = new HashMap<String, Object>();
    plaintext.put("pitboss.matchmaker.redis-port", tls.port());
    plaintext.put("pitboss.matchmaker.redis-password", PASSWORD);
    var otherName = new HashMap<>(tlsWithClientCertificate());
    otherName.put("pitboss.matchmaker.redis-port", misnamed.port());
    return Stream.of(
        Arguments.of(
            "wrong password",
            wrongPassword,
            List.of("Redis at redis://127.0.0.1:", "refused the matchmaker", "WRONGPASS")),
        Arguments.of(
            "no password",
            noPassword,
            List.of("refused the matchmaker (user default, no password)", "NOAUTH")),
        Arguments.of(
            "a server certificate from another CA",
            unknownCa,
            List.of("TLS with Redis at rediss://127.0.0.1:", "redis-trust-roots")),
        Arguments.of(
            "no client certificate",
            noClientCertificate,
            List.of("TLS with Redis at rediss://127.0.0.1:", "client certificate")),
        Arguments.of(
            "plaintext to a TLS port",
            plaintext,
            List.of("Redis at redis://127.0.0.1:", "did not answer PING", "redis-tls=true")),
        Arguments.of(
            "a server certificate for another name",
            otherName,
            List.of("TLS with Redis at rediss://127.0.0.1:", "No subject alternative names")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongSettings")
  void refusesToStartNamingTheProblemButNeverThePassword(
      String name, Map<String, Object> redis, List<String> said) {
    assertThatThrownBy(() -> restart(redis))
        .satisfies(
            e -> {
              var trace = new StringWriter();
              e.printStackTrace(new PrintWriter(trace));
              assertThat(trace.toString())
                  .contains(said)
                  .doesNotContain(PASSWORD)
                  .doesNotContain(WRONG_PASSWORD)
                  .doesNotContain(DEFAULT_PASSWORD);
            });
  }
}
