package dev.pitboss.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** The test bed's Redis is real and reachable on loopback. */
class RedisIT {

  @Test
  void aKeyRoundTripsAndExpires() {
    try (var redis = RedisClient.builder().hostAndPort("127.0.0.1", TestBed.redisPort()).build()) {
      redis.set("pitboss:smoke", "seat-3");
      redis.pexpire("pitboss:smoke", 60_000);

      assertThat(redis.get("pitboss:smoke")).isEqualTo("seat-3");
      assertThat(redis.pttl("pitboss:smoke")).isPositive();
      assertThat(redis.info("server")).contains("redis_version");
    }
  }
}
