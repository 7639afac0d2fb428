package dev.pitboss.matchmaker;

import java.time.Clock;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Per-player and per-address request limits, shared by all replicas through Redis: a counter per
 * caller and one-second window (INCR, expiring after two windows). A fixed window lets a burst of
 * up to twice the limit through at a window boundary, which is enough to stop a runaway client.
 */
public final class RateLimiter {
  private static final LuaScript COUNT =
      new LuaScript(
          """
          local n = redis.call('INCR', KEYS[1])
          if n == 1 then redis.call('PEXPIRE', KEYS[1], 2000) end
          return n
          """);

  private final UnifiedJedis redis;
  private final Clock clock;

  public RateLimiter(UnifiedJedis redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  /** Counts one request of {@code who}; true while it is within {@code perSecond}. */
  public boolean allow(String who, int perSecond) {
    if (perSecond <= 0) {
      return true;
    }
    long second = clock.millis() / 1000;
    long n = (Long) COUNT.run(redis, List.of(Keys.rate(who, second)), List.of());
    return n <= perSecond;
  }
}
