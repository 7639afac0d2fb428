package dev.pitboss.wallet;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff with full jitter: attempt n waits a random time in [0, min(max, base
 * * 2^n)). Full jitter spreads retries of transactions that conflicted with each other, so they do
 * not collide again in lockstep.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(12, Duration.ofMillis(1), Duration.ofMillis(100));

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
    }
  }

  long backoffNanos(int attempt) {
    long ceiling = baseDelay.toNanos() << Math.min(attempt, 20);
    ceiling = Math.max(1, Math.min(ceiling, maxDelay.toNanos()));
    return ThreadLocalRandom.current().nextLong(ceiling);
  }
}
