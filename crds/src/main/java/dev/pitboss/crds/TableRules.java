package dev.pitboss.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The rules a game server needs to run the tables of one owner (a {@code Table} or a {@code
 * Tournament}): the placement contract between the operator and the game servers.
 *
 * <p>The operator writes them, as JSON, into the annotation {@link #annotationKey(String)} of the
 * GameServerAllocation's {@code metadata}, which Agones copies onto the GameServer it allocates;
 * the game server reads them from its own GameServer through the SDK. A game server therefore needs
 * no access to the Kubernetes API, and a table keeps the rules it was opened with: the fields that
 * change play (stakes, seats, currency, buy-in) are immutable in the CRDs anyway.
 *
 * <p>Exactly one of {@code cash} and {@code tournament} is set, matching the owner's kind.
 *
 * @param owner the owner's table-id prefix, {@code <kind>/<namespace>/<name>/}; a table id is the
 *     prefix followed by the table's index
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableRules(
    String owner, Game game, int seats, int actionSeconds, Cash cash, Tournament tournament) {

  /** The annotation prefix; the name part is derived from the owner (see annotationKey). */
  public static final String ANNOTATION_PREFIX = "rules.pitboss.dev/";

  /** Cash-table stakes in minor units of {@code currency}. */
  public record Cash(
      long smallBlind,
      long bigBlind,
      String currency,
      long minBuyIn,
      long maxBuyIn,
      int rakeBasisPoints,
      long rakeCap) {}

  /**
   * A tournament table plays tournament chips; the clock starts when the tournament director starts
   * the tournament, not at {@code startTime}, which is only the schedule.
   */
  public record Tournament(
      long startingStack, List<TournamentSpec.BlindLevel> blinds, String startTime) {}

  public TableRules {
    Objects.requireNonNull(owner, "owner");
    if ((cash == null) == (tournament == null)) {
      throw new IllegalArgumentException("exactly one of cash and tournament must be set");
    }
  }

  public static TableRules cash(String owner, TableSpec spec) {
    var stakes = spec.stakes();
    var rake = spec.rakeOrNone();
    return new TableRules(
        owner,
        spec.game(),
        spec.seats(),
        spec.actionSecondsOrDefault(),
        new Cash(
            stakes.smallBlind(),
            stakes.bigBlind(),
            stakes.currency(),
            spec.buyIn().min(),
            spec.buyIn().max(),
            rake.basisPoints(),
            rake.cap()),
        null);
  }

  public static TableRules tournament(String owner, TournamentSpec spec) {
    return new TableRules(
        owner,
        spec.game(),
        spec.seats(),
        spec.actionSecondsOrDefault(),
        null,
        new Tournament(spec.startingStack(), List.copyOf(spec.blinds()), spec.startTime()));
  }

  /** The annotation holding these rules on a GameServer. */
  public String annotationKey() {
    return annotationKey(owner);
  }

  /**
   * {@code rules.pitboss.dev/<kind>-<hash>}: an annotation's name part allows only 63 characters,
   * fewer than a namespace and a name together, so the owner is hashed (SHA-256, 128 bits in hex).
   * The JSON value repeats the owner, so a reader can check it found the right rules.
   */
  public static String annotationKey(String owner) {
    var kind = owner.substring(0, Math.max(owner.indexOf('/'), 0));
    try {
      var digest =
          MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8));
      return ANNOTATION_PREFIX + kind + "-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The owner prefix of a table id {@code <kind>/<namespace>/<name>/<n>}. */
  public static String ownerOf(String tableId) {
    var slash = tableId.lastIndexOf('/');
    if (slash <= 0) throw new IllegalArgumentException("not a table id: " + tableId);
    return tableId.substring(0, slash + 1);
  }
}
