package dev.pitboss.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a Redis is named in log lines and errors; the password never is. */
class RedisTargetTest {

  @Test
  void saysAPasswordIsSetButNotWhichOne() {
    var target = new RedisTarget("redis", "rediss://redis:6380", true, "seats", "s3cret", true);

    assertThat(target.who()).isEqualTo("user seats, password set, TLS with a client certificate");
    assertThat(target.toString())
        .isEqualTo(
            "RedisTarget[rediss://redis:6380, user seats, password set, TLS with a client"
                + " certificate]");
    assertThat(target.redact("WRONGPASS s3cret")).isEqualTo("WRONGPASS <password>");
  }

  @Test
  void theDefaultUserWithoutAPasswordOverPlaintext() {
    var target = new RedisTarget("redis", "redis://redis:6379", false, null, null, false);

    assertThat(target.who()).isEqualTo("user default, no password");
    assertThat(target.redact("NOAUTH")).isEqualTo("NOAUTH");
    assertThat(target.redact(null)).isNull();
  }
}
