package dev.pitboss.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** The start-up check's verdicts that need no Redis; the services' RedisAuthITs cover the rest. */
class RedisStartCheckTest {

  static final RedisStartCheck CHECK =
      new RedisStartCheck("the test", "USER and PASSWORD", "CA", "CERT/KEY", "set TLS=true");

  @Test
  void aRedisThatCannotBeReachedYetDoesNotStopTheStart() throws Exception {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var target =
        new RedisTarget("127.0.0.1", "redis://127.0.0.1:" + port, false, null, null, false);
    try (var redis = RedisClient.builder().hostAndPort("127.0.0.1", port).build()) {
      assertThat(CHECK.ping(redis, target)).isSameAs(redis);
    }
  }

  @Test
  void noConnectionIsUnreachableABrokenOneIsNot() {
    assertThat(RedisStartCheck.unreachable(new JedisConnectionException("Failed to connect to x")))
        .isTrue();
    assertThat(
            RedisStartCheck.unreachable(
                new JedisConnectionException("socket", new ConnectException("refused"))))
        .isTrue();
    assertThat(
            RedisStartCheck.unreachable(new JedisConnectionException("Unexpected end of stream.")))
        .isFalse();
    assertThat(
            RedisStartCheck.unreachable(
                new JedisConnectionException("read", new SocketTimeoutException())))
        .isFalse();
  }
}
