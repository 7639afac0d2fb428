package dev.pitboss.crds;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What a platform team asks for: one kind of cash table, kept open in a region. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableSpec(
    Game game,
    Stakes stakes,
    int seats,
    BuyIn buyIn,
    String region,
    Scaling scaling,
    Rake rake,
    Integer actionSeconds) {

  /** The CRD's default action clock, used when the object was stored without one. */
  public static final int DEFAULT_ACTION_SECONDS = 30;

  /** Blinds in minor units of {@code currency}; {@code display} is only a label for kubectl. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Stakes(long smallBlind, long bigBlind, String currency, String display) {}

  /** The chips a player may bring to the table, in minor units of the stakes' currency. */
  public record BuyIn(long min, long max) {}

  /** How many tables stay open: within [minTables, maxTables], keeping freeSeats open. */
  public record Scaling(int minTables, int maxTables, int freeSeats) {
    /** The CRD's defaults, used when the object was stored without a scaling block. */
    public static final Scaling DEFAULT = new Scaling(1, 10, 2);
  }

  /**
   * The house's share of a pot that sees a flop: {@code basisPoints} of the pot (500 is 5%), at
   * most {@code cap} minor units per hand (0: no cap).
   */
  public record Rake(int basisPoints, long cap) {
    public static final Rake NONE = new Rake(0, 0);
  }

  public Rake rakeOrNone() {
    return rake == null ? Rake.NONE : rake;
  }

  public int actionSecondsOrDefault() {
    return actionSeconds == null ? DEFAULT_ACTION_SECONDS : actionSeconds;
  }

  public Scaling scalingOrDefault() {
    return scaling == null ? Scaling.DEFAULT : scaling;
  }
}
