package dev.pitboss.matchmaker;

import java.time.Duration;

/**
 * Everything the matchmaker is told at start ({@link MatchmakerApplication} reads it from Micronaut
 * properties, so {@code PITBOSS_MATCHMAKER_WALLET_TARGET} sets {@code
 * pitboss.matchmaker.wallet-target}, and so on; the README lists them all).
 *
 * @param ticketIssuer the {@code iss} of every seat ticket; game servers are configured with it
 * @param ticketLifetime a ticket's {@code exp - iat}; at most 60 s by contract
 * @param reservationTtl how long a reserved seat stays reserved; longer than a ticket lives, so a
 *     ticket is never valid for a seat whose reservation already lapsed
 * @param seatWait the longest a seat request waits for a free seat by default
 * @param maxSeatWait the longest a client may ask to wait
 * @param playerRequestsPerSecond rate limit per authenticated player
 * @param addressRequestsPerSecond rate limit per client address
 * @param directorLockTtl how long a tournament's director lock lives without renewal: the time a
 *     crashed replica's tournaments wait before another replica takes them over
 */
public record MatchmakerConfig(
    String ticketIssuer,
    Duration ticketLifetime,
    Duration reservationTtl,
    Duration seatWait,
    Duration maxSeatWait,
    int playerRequestsPerSecond,
    int addressRequestsPerSecond,
    Duration directorLockTtl,
    Duration holdSweepInterval) {

  public MatchmakerConfig {
    if (ticketLifetime.isNegative()
        || ticketLifetime.isZero()
        || ticketLifetime.compareTo(Duration.ofSeconds(60)) > 0) {
      throw new IllegalArgumentException(
          "ticket lifetime must be in 1..60 s, got " + ticketLifetime);
    }
    if (reservationTtl.compareTo(ticketLifetime) <= 0) {
      throw new IllegalArgumentException(
          "the reservation TTL ("
              + reservationTtl
              + ") must be longer than the ticket lifetime ("
              + ticketLifetime
              + ")");
    }
  }
}
