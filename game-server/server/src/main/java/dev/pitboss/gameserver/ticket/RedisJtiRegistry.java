package dev.pitboss.gameserver.ticket;

import java.time.Instant;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Ticket ids claimed in Redis with {@code SET NX} until the ticket expires, so a ticket is used
 * once across every game server and across restarts.
 */
public final class RedisJtiRegistry implements TicketVerifier.JtiRegistry {
  private final UnifiedJedis redis;

  public RedisJtiRegistry(UnifiedJedis redis) {
    this.redis = redis;
  }

  @Override
  public boolean claim(String jti, Instant until) {
    var reply =
        redis.set("pitboss:jti:" + jti, "1", SetParams.setParams().nx().pxAt(until.toEpochMilli()));
    return "OK".equals(reply);
  }
}
