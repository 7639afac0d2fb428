package dev.pitboss.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.testbed.CertificateAuthority;
import dev.pitboss.testbed.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;

/**
 * The start-up check against real servers (the test bed's redis-server): the errors name the
 * service's settings and never the password; TLS comes from {@link RedisTls}.
 */
class RedisStartCheckIT {

  static final String PASSWORD = "s3cret-start-check";
  static final RedisStartCheck CHECK =
      new RedisStartCheck("the test", "USER and PASSWORD", "CA", "CERT/KEY", "set TLS=true");

  static Path dir;
  static CertificateAuthority ca;
  static RedisServer plain;
  static RedisServer tls;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("redis-start-check");
    ca = CertificateAuthority.create(dir.resolve("ca"), "redis test CA", Clock.systemUTC());
    plain = RedisServer.start("--requirepass", PASSWORD);
    tls = RedisServer.startTls(ca.issue("redis", null, "127.0.0.1"), true);
  }

  @AfterAll
  static void stop() throws Exception {
    plain.close();
    tls.close();
  }

  @Test
  void theRightPasswordPasses() {
    var target = target(plain.port(), false, PASSWORD, false);
    try (var redis = client(plain.port(), PASSWORD, null)) {
      assertThat(CHECK.ping(redis, target)).isSameAs(redis);
      assertThat(redis.ping()).isEqualTo("PONG");
    }
  }

  @Test
  void aWrongPasswordIsRefusedNamingTheSettingsButNotThePassword() {
    var wrong = "wrong-" + PASSWORD;
    var redis = client(plain.port(), wrong, null);

    assertThatThrownBy(() -> CHECK.ping(redis, target(plain.port(), false, wrong, false)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "Redis at redis://127.0.0.1:"
                + plain.port()
                + " refused the test (user default, password set): WRONGPASS")
        .hasMessageEndingWith("; check USER and PASSWORD")
        .hasMessageNotContaining(wrong);
  }

  @Test
  void plaintextToATlsPortSaysHowToTurnTlsOn() {
    var redis = client(tls.port(), null, null);

    assertThatThrownBy(() -> CHECK.ping(redis, target(tls.port(), false, null, false)))
        .hasMessageStartingWith("Redis at redis://127.0.0.1:" + tls.port() + " did not answer PING")
        .hasMessageEndingWith("; if it speaks only TLS, set TLS=true");
  }

  @Test
  void tlsWithAClientCertificatePassesAndWithoutOneSaysWhatToCheck() throws Exception {
    var client = ca.issue("client", null);
    var withCertificate =
        RedisTls.sslOptions(ca.trustRoots(), client.certificateChain(), client.privateKey());
    try (var redis = client(tls.port(), null, withCertificate)) {
      assertThat(CHECK.ping(redis, target(tls.port(), true, null, true))).isSameAs(redis);
    }

    var redis = client(tls.port(), null, RedisTls.sslOptions(ca.trustRoots(), null, null));
    assertThatThrownBy(() -> CHECK.ping(redis, target(tls.port(), true, null, false)))
        .hasMessageStartingWith("TLS with Redis at rediss://127.0.0.1:" + tls.port() + " failed: ")
        .hasMessageEndingWith(
            "; check CA (the CA of the server's certificate), that the certificate names"
                + " 127.0.0.1, and CERT/KEY if the server asks for a client certificate");
  }

  static RedisTarget target(int port, boolean tls, String password, boolean clientCertificate) {
    return new RedisTarget(
        "127.0.0.1",
        (tls ? "rediss://" : "redis://") + "127.0.0.1:" + port,
        tls,
        null,
        password,
        clientCertificate);
  }

  static RedisClient client(int port, String password, SslOptions ssl) {
    var config = DefaultJedisClientConfig.builder().password(password);
    if (ssl != null) {
      config.sslOptions(ssl);
    }
    return RedisClient.builder()
        .hostAndPort("127.0.0.1", port)
        .clientConfig(config.build())
        .build();
  }
}
