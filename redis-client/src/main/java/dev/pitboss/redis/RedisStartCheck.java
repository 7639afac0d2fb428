package dev.pitboss.redis;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The start-up PING, with what a service calls itself and its settings in the errors it gives.
 *
 * @param client e.g. {@code the matchmaker}
 * @param credentials the settings of the user and password, e.g. {@code PITBOSS_REDIS_USERNAME and
 *     PITBOSS_REDIS_PASSWORD(_FILE)}
 * @param trustRoots the setting of the CA file
 * @param clientCertificate the settings of the client certificate and its key
 * @param tlsSwitch how to turn TLS on, e.g. {@code use a rediss:// PITBOSS_REDIS_URL}
 */
public record RedisStartCheck(
    String client,
    String credentials,
    String trustRoots,
    String clientCertificate,
    String tlsSwitch) {

  private static final Logger log = LoggerFactory.getLogger(RedisStartCheck.class);

  /**
   * {@code redis}, checked with one PING: a refused password or user, a failed TLS handshake (an
   * unknown CA, a name the certificate does not carry, a client certificate the server wants), or a
   * server that does not speak what the client does (TLS against plaintext, or the reverse) closes
   * it and throws an {@link IllegalStateException} that says which; a Redis that cannot be reached
   * yet (unknown host, connection refused) or is not serving yet does not: it is only logged.
   */
  public <T extends UnifiedJedis> T ping(T redis, RedisTarget target) {
    try {
      redis.ping();
      log.info("Redis at {} ({})", target.where(), target.who());
      return redis;
    } catch (JedisDataException e) {
      if (!(e instanceof JedisAccessControlException)
          && !String.valueOf(e.getMessage()).contains("AUTH")) {
        log.warn("Redis at {} is not serving yet: {}", target.where(), e.getMessage());
        return redis;
      }
      redis.close();
      throw new IllegalStateException(
          "Redis at "
              + target.where()
              + " refused "
              + client
              + " ("
              + target.who()
              + "): "
              + target.redact(e.getMessage())
              + "; check "
              + credentials);
    } catch (JedisConnectionException e) {
      if (unreachable(e)) {
        log.warn("Redis at {} cannot be reached yet: {}", target.where(), e.getMessage());
        return redis;
      }
      redis.close();
      var problem = target.redact(String.valueOf(e.getMessage()));
      throw new IllegalStateException(
          target.tls()
              ? "TLS with Redis at "
                  + target.where()
                  + " failed: "
                  + problem
                  + "; check "
                  + trustRoots
                  + " (the CA of the server's certificate), that the certificate names "
                  + target.host()
                  + ", and "
                  + clientCertificate
                  + " if the server asks for a client certificate"
              : "Redis at "
                  + target.where()
                  + " did not answer PING: "
                  + problem
                  + "; if it speaks only TLS, "
                  + tlsSwitch);
    }
  }

  /** No connection at all (unknown host, refused, no route), as opposed to one that broke. */
  static boolean unreachable(JedisConnectionException e) {
    var message = String.valueOf(e.getMessage());
    if (message.startsWith("Failed to connect") || message.startsWith("Failed to create socket")) {
      return true;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnknownHostException
          || cause instanceof ConnectException
          || cause instanceof NoRouteToHostException) {
        return true;
      }
    }
    return false;
  }
}
