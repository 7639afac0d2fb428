package dev.pitboss.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redis settings' rules; the password never shows in an error or in toString. */
class RedisConnectionTest {

  @Test
  void thePasswordComesFromThePropertyOrAFileWithoutItsLineBreak(@TempDir Path dir)
      throws Exception {
    var file = Files.writeString(dir.resolve("password"), "s3cret\r\n");

    assertThat(RedisConnection.password("s3cret", null)).isEqualTo("s3cret");
    assertThat(RedisConnection.password(null, file.toString())).isEqualTo("s3cret");
    assertThat(RedisConnection.password("", "")).isNull();
    assertThatThrownBy(() -> RedisConnection.password("s3cret", file.toString()))
        .hasMessageContaining("not both")
        .hasMessageNotContaining("s3cret");
    var empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThatThrownBy(() -> RedisConnection.password(null, empty.toString()))
        .hasMessageContaining("is empty");
  }

  @Test
  void tlsFilesNeedTlsAndAClientCertificateNeedsItsKey() {
    assertThatThrownBy(
            () ->
                new RedisConnection(
                    "redis", 6379, 8, null, null, false, Path.of("/ca.crt"), null, null))
        .hasMessageContaining("pitboss.matchmaker.redis-tls=true");
    assertThatThrownBy(
            () ->
                new RedisConnection(
                    "redis", 6379, 8, null, null, true, null, Path.of("/tls.crt"), null))
        .hasMessageContaining("pitboss.matchmaker.redis-private-key");
  }

  @Test
  void toStringSaysAPasswordIsSetButNotWhichOne() {
    var connection =
        new RedisConnection("redis", 6380, 8, "seats", "s3cret", true, null, null, null);

    assertThat(connection.toString())
        .isEqualTo("RedisConnection[rediss://redis:6380, user seats, password set, TLS, pool 8]");
  }
}
