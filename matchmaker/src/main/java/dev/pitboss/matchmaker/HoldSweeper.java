package dev.pitboss.matchmaker;

import java.time.Clock;
import redis.clients.jedis.UnifiedJedis;

/**
 * Releases the buy-in holds of reservations nobody used. Every cash hold is recorded in {@code
 * pitboss:holds:pending} with the time its reservation lapses; once that time has passed the
 * sweeper claims the entry (ZREM: exactly one replica wins) and releases the hold. A hold the game
 * server captured refuses the release, which is the expected end of a used reservation. When the
 * wallet cannot be reached the entry goes back, due again a little later, so every hold ends
 * captured or released (the wallet's own hold expiry, if it has one, is the backstop).
 */
public final class HoldSweeper {
  private static final int BATCH = 200;
  private static final long RETRY_MS = 5_000;

  private final UnifiedJedis redis;
  private final WalletClient wallet;
  private final MatchmakerMetrics metrics;
  private final Clock clock;

  public HoldSweeper(
      UnifiedJedis redis, WalletClient wallet, MatchmakerMetrics metrics, Clock clock) {
    this.redis = redis;
    this.wallet = wallet;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Releases what is due; returns how many entries it settled. */
  public int sweep() {
    long now = clock.millis();
    int settled = 0;
    while (true) {
      var due = redis.zrangeByScore(Keys.PENDING_HOLDS, 0, now, 0, BATCH);
      if (due.isEmpty()) {
        return settled;
      }
      for (var reference : due) {
        if (redis.zrem(Keys.PENDING_HOLDS, reference) == 0) {
          continue; // another replica claimed it
        }
        try {
          metrics.holds.labelValues(wallet.release(reference) ? "released" : "captured").inc();
          settled++;
        } catch (RuntimeException e) {
          redis.zadd(Keys.PENDING_HOLDS, now + RETRY_MS, reference);
          return settled;
        }
      }
    }
  }
}
