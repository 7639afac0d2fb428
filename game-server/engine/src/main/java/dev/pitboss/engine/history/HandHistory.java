package dev.pitboss.engine.history;

import java.util.List;

/**
 * One finished hand, as the hand-history module writes it to JSON (snake_case keys; see
 * game-server/history/README.md for every field). Amounts are integers in minor units of {@code
 * currency}; instants are ISO-8601 UTC. Players are in PHH order: {@code p1} is the first seat
 * clockwise from the button, the button is last. The PHH fields ({@code variant}, {@code antes},
 * {@code blinds_or_straddles}, {@code min_bet}, {@code starting_stacks}, {@code actions}, {@code
 * finishing_stacks}) follow the PHH standard; the rest is what an auditor needs on top.
 */
public record HandHistory(
    String format,
    String variant,
    String handId,
    String table,
    String currency,
    String startedAt,
    int buttonSeat,
    long smallBlind,
    long bigBlind,
    long ante,
    String anteMode,
    long actionTimeMs,
    List<Player> players,
    List<Long> antes,
    List<Long> blindsOrStraddles,
    long minBet,
    List<Long> startingStacks,
    List<Integer> postToPlay,
    List<Integer> deadSmallBlind,
    List<PostingEntry> postings,
    DeckSection deck,
    List<String> actions,
    List<String> board,
    List<PotEntry> pots,
    Uncalled uncalled,
    List<ShowdownEntry> showdown,
    List<Long> finishingStacks) {

  public static final String FORMAT = "pitboss-hh/1";

  public record Player(String name, int seat, long startingStack) {}

  public record PostingEntry(int seat, String kind, long amount) {}

  /**
   * The cards dealt (deck positions 0.. in order, burns included) and, when the deck was committed
   * before the deal, the Merkle root and one reveal per dealt position. {@code commitment_root} is
   * empty for a hand dealt from a fixed deck.
   */
  public record DeckSection(String commitmentRoot, List<String> dealt, List<Reveal> reveals) {}

  public record Reveal(int position, String card, String salt, List<String> path) {}

  public record PotEntry(long amount, List<Integer> eligibleSeats, List<Win> winners) {}

  public record Win(int seat, long amount) {}

  /** The bet nobody called, returned to its seat; seat 0 and amount 0 when there was none. */
  public record Uncalled(int seat, long amount) {}

  public record ShowdownEntry(int seat, List<String> cards, boolean shown, String hand) {}
}
