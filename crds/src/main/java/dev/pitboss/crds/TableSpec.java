package dev.pitboss.crds;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What a platform team asks for: one kind of cash table, kept open in a region. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableSpec(
    Game game, Stakes stakes, int seats, BuyIn buyIn, String region, Scaling scaling) {

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

  public Scaling scalingOrDefault() {
    return scaling == null ? Scaling.DEFAULT : scaling;
  }
}
