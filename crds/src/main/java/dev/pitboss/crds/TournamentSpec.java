package dev.pitboss.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A tournament as a platform team writes it. Times are RFC 3339 strings, exactly as stored by the
 * API server, so a round trip never reformats them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TournamentSpec(
    Game game,
    Entry buyIn,
    long startingStack,
    List<BlindLevel> blinds,
    int seats,
    Players players,
    Registration registration,
    List<Integer> payouts,
    String region,
    String startTime,
    Boolean cancelled,
    Integer actionSeconds) {

  /** The buy-in that goes to the prize pool and the fee the house keeps, in minor units. */
  public record Entry(long amount, long fee, String currency) {}

  /** One blind level; levels run in order, each for {@code minutes}. */
  public record BlindLevel(long smallBlind, long bigBlind, long ante, int minutes) {}

  /** The entrants needed to start and the most that may register. */
  public record Players(int min, int max) {}

  /** When registration opens (default: at once) and when late registration closes (optional). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Registration(String opensAt, String lateClosesAt) {}

  public int actionSecondsOrDefault() {
    return actionSeconds == null ? TableSpec.DEFAULT_ACTION_SECONDS : actionSeconds;
  }

  public boolean cancelRequested() {
    return Boolean.TRUE.equals(cancelled);
  }
}
