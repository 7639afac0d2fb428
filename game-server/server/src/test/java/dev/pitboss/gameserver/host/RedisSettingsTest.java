package dev.pitboss.gameserver.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PITBOSS_REDIS_* as the game server reads them; a password never shows in an error or toString.
 */
class RedisSettingsTest {

  @Test
  void readsAnAclUserAPasswordFileAndTls(@TempDir Path dir) throws Exception {
    var file = Files.writeString(dir.resolve("password"), "s3cret\n");
    var settings =
        RedisSettings.fromEnv(
            Map.of(
                "PITBOSS_REDIS_URL", "rediss://redis.example:6380/2",
                "PITBOSS_REDIS_USERNAME", "tables",
                "PITBOSS_REDIS_PASSWORD_FILE", file.toString(),
                "PITBOSS_REDIS_CA", "/etc/pitboss/redis-tls/ca.crt"));

    assertThat(settings.host()).isEqualTo("redis.example");
    assertThat(settings.port()).isEqualTo(6380);
    assertThat(settings.database()).isEqualTo(2);
    assertThat(settings.tls()).isTrue();
    assertThat(settings.username()).isEqualTo("tables");
    assertThat(settings.password()).isEqualTo("s3cret");
    assertThat(settings.ca()).isEqualTo(Path.of("/etc/pitboss/redis-tls/ca.crt"));
    assertThat(settings.cert()).isNull();
    assertThat(settings.toString()).doesNotContain("s3cret").contains("password set");
  }

  @Test
  void aPlainUrlIsTheDefaultUserWithoutAPassword() {
    var settings = RedisSettings.fromEnv(Map.of("PITBOSS_REDIS_URL", "redis://redis"));

    assertThat(settings).isEqualTo(RedisSettings.plain("redis", 6379));
  }

  @Test
  void refusesCredentialsInTheUrlWithoutRepeatingThem() {
    assertThatThrownBy(
            () -> RedisSettings.fromEnv(Map.of("PITBOSS_REDIS_URL", "redis://u:s3cret@redis:6379")))
        .hasMessageContaining("PITBOSS_REDIS_PASSWORD")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void refusesTlsFilesWithoutTlsAndHalfAClientCertificate() {
    assertThatThrownBy(
            () ->
                RedisSettings.fromEnv(
                    Map.of("PITBOSS_REDIS_URL", "redis://redis", "PITBOSS_REDIS_CA", "/ca.crt")))
        .hasMessageContaining("rediss://");
    assertThatThrownBy(
            () ->
                RedisSettings.fromEnv(
                    Map.of("PITBOSS_REDIS_URL", "rediss://redis", "PITBOSS_REDIS_CERT", "/c.pem")))
        .hasMessageContaining("PITBOSS_REDIS_KEY");
  }

  @Test
  void refusesAPasswordTwice(@TempDir Path dir) throws Exception {
    var file = Files.writeString(dir.resolve("password"), "s3cret");
    assertThatThrownBy(
            () ->
                RedisSettings.fromEnv(
                    Map.of(
                        "PITBOSS_REDIS_URL", "redis://redis",
                        "PITBOSS_REDIS_PASSWORD", "s3cret",
                        "PITBOSS_REDIS_PASSWORD_FILE", file.toString())))
        .hasMessageContaining("not both")
        .hasMessageNotContaining("s3cret");
  }
}
