package dev.pitboss.engine.game;

import java.time.Duration;
import java.util.Objects;

/**
 * The stakes of one hand. Amounts are minor units of {@code currency}. The action clock gives each
 * player {@code actionTime} from the moment the action reaches them.
 */
public record HandConfig(
    String currency,
    long smallBlind,
    long bigBlind,
    long ante,
    AnteMode anteMode,
    Duration actionTime) {

  public static final Duration DEFAULT_ACTION_TIME = Duration.ofSeconds(30);

  public HandConfig {
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(anteMode, "anteMode");
    Objects.requireNonNull(actionTime, "actionTime");
    if (!currency.matches("[A-Z]{3}|CHIPS"))
      throw new IllegalArgumentException(
          "currency must be an ISO 4217 code (or CHIPS for tournament chips), got " + currency);
    if (smallBlind < 0 || bigBlind <= 0 || smallBlind > bigBlind)
      throw new IllegalArgumentException(
          "blinds must satisfy 0 <= small <= big and big > 0, got " + smallBlind + "/" + bigBlind);
    if (ante < 0) throw new IllegalArgumentException("ante must not be negative, got " + ante);
    if (ante > 0 && anteMode == AnteMode.NONE)
      throw new IllegalArgumentException("an ante of " + ante + " needs an ante mode");
    if (actionTime.isNegative() || actionTime.isZero())
      throw new IllegalArgumentException("action time must be positive, got " + actionTime);
  }

  /** Blinds only, default action time. */
  public static HandConfig blinds(String currency, long smallBlind, long bigBlind) {
    return new HandConfig(currency, smallBlind, bigBlind, 0, AnteMode.NONE, DEFAULT_ACTION_TIME);
  }

  public HandConfig withAnte(long amount, AnteMode mode) {
    return new HandConfig(currency, smallBlind, bigBlind, amount, mode, actionTime);
  }

  public HandConfig withActionTime(Duration time) {
    return new HandConfig(currency, smallBlind, bigBlind, ante, anteMode, time);
  }
}
