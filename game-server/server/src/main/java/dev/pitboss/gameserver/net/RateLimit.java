package dev.pitboss.gameserver.net;

import java.util.function.LongSupplier;

/**
 * A token bucket per connection: {@code burst} frames at once, refilled at {@code perSecond}. A
 * frame over the limit is refused; a client that keeps sending after {@code abuseAfter} refusals in
 * a row is flooding and is disconnected. Used on one event-loop thread only.
 */
public final class RateLimit {
  private final double perNano;
  private final double burst;
  private final int abuseAfter;
  private final LongSupplier nanos;
  private double tokens;
  private double patience;
  private long last;

  public RateLimit(double perSecond, int burst, int abuseAfter, LongSupplier nanos) {
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.abuseAfter = abuseAfter;
    this.nanos = nanos;
    this.tokens = burst;
    this.patience = abuseAfter;
    this.last = nanos.getAsLong();
  }

  boolean tryTake() {
    long now = nanos.getAsLong();
    double refill = (now - last) * perNano;
    tokens = Math.min(burst, tokens + refill);
    patience = Math.min(abuseAfter, patience + refill);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    patience -= 1;
    return false;
  }

  boolean abusive() {
    return patience <= 0;
  }
}
