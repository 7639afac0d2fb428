package dev.pitboss.engine.history;

import dev.pitboss.engine.cards.Card;
import dev.pitboss.engine.fairness.CardReveal;
import dev.pitboss.engine.fairness.DeckCommitment;
import dev.pitboss.engine.game.AnteMode;
import dev.pitboss.engine.game.HandState;
import dev.pitboss.engine.game.SeatedPlayer;
import dev.pitboss.engine.game.Street;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the {@link HandHistory} of a finished hand: pure, no I/O, no JSON. The JSON form is
 * written and read by {@code dev.pitboss.history.HandHistoryJson} in the hand-history module.
 */
public final class HandHistories {

  private HandHistories() {}

  /**
   * The history of a finished hand. {@code commitment} is the deck commitment published before the
   * deal (empty for a fixed deck); every dealt position is revealed from it.
   */
  public static HandHistory of(
      HandState hand, String handId, String table, Optional<DeckCommitment> commitment) {
    var positions = hand.dealtPositions();
    var reveals =
        commitment
            .map(c -> positions.stream().map(pos -> reveal(c.reveal(pos))).toList())
            .orElse(List.of());
    return build(hand, handId, table, commitment.map(DeckCommitment::root).orElse(""), reveals);
  }

  static HandHistory build(
      HandState hand, String handId, String table, String root, List<HandHistory.Reveal> reveals) {
    var outcome =
        hand.outcome().orElseThrow(() -> new IllegalArgumentException("the hand is not finished"));
    var cfg = hand.config();
    var players = hand.players();
    int n = players.size();
    var phhPlayers = new ArrayList<HandHistory.Player>();
    var antes = new ArrayList<Long>();
    var blinds = new ArrayList<Long>();
    var starting = new ArrayList<Long>();
    int sb = n == 2 ? 1 : 0;
    int bb = n == 2 ? 0 : 1;
    for (int i = 0; i < n; i++) {
      var p = players.get(i);
      phhPlayers.add(new HandHistory.Player(p.playerId(), p.seat(), p.stack()));
      antes.add(
          switch (cfg.anteMode()) {
            case NONE -> 0L;
            case EACH -> cfg.ante();
            case BIG_BLIND -> i == 1 ? cfg.ante() : 0L; // the big blind's slot, as below
          });
      // PHH lists heads-up blinds as [small, big] although p1 posts the big blind (readers swap
      // them for two players), so the list is the same as in a ring game.
      blinds.add(i == 0 ? cfg.smallBlind() : i == 1 ? cfg.bigBlind() : 0L);
      starting.add(p.stack());
    }
    var postings =
        hand.postings().stream()
            .map(p -> new HandHistory.PostingEntry(p.seat(), p.kind().name(), p.amount()))
            .toList();
    var dealtPositions = hand.dealtPositions();
    var dealt = dealtPositions.stream().map(pos -> hand.deck().get(pos).toString()).toList();
    var deck = new HandHistory.DeckSection(root, dealt, reveals);
    var pots =
        outcome.pots().stream()
            .map(
                p ->
                    new HandHistory.PotEntry(
                        p.amount(),
                        p.eligibleSeats(),
                        p.wins().stream()
                            .map(w -> new HandHistory.Win(w.seat(), w.amount()))
                            .toList()))
            .toList();
    var showdown =
        outcome.showdowns().stream()
            .map(
                s ->
                    new HandHistory.ShowdownEntry(
                        s.seat(), cards(s.holeCards()), s.shown(), s.description()))
            .toList();
    var finishing = outcome.results().stream().map(r -> r.finalStack()).toList();
    return new HandHistory(
        HandHistory.FORMAT,
        "NT",
        handId,
        table,
        cfg.currency(),
        hand.startedAt().toString(),
        hand.buttonSeat(),
        cfg.smallBlind(),
        cfg.bigBlind(),
        cfg.ante(),
        cfg.anteMode().name(),
        cfg.actionTime().toMillis(),
        phhPlayers,
        antes,
        blinds,
        cfg.bigBlind(),
        starting,
        hand.setup().postToPlay().stream().sorted().toList(),
        hand.setup().deadSmallBlind().stream().sorted().toList(),
        postings,
        deck,
        actionLines(hand),
        cards(hand.board()),
        pots,
        new HandHistory.Uncalled(outcome.uncalledSeat(), outcome.uncalledAmount()),
        showdown,
        finishing);
  }

  /** PHH action lines: hole cards, player actions and board cards in the order they happened. */
  private static List<String> actionLines(HandState hand) {
    var players = hand.players();
    var lines = new ArrayList<String>();
    for (int i = 0; i < players.size(); i++)
      lines.add(
          PhhActions.dealer(
              "dh p"
                  + (i + 1)
                  + " "
                  + String.join("", cards(hand.holeCards(players.get(i).seat()))),
              hand.startedAt()));
    var board = hand.board();
    int shown = 0;
    var last = hand.startedAt();
    for (var a : hand.actions()) {
      int needed = boardCards(a.street());
      if (needed > shown) {
        lines.add(
            PhhActions.dealer("db " + String.join("", cards(board.subList(shown, needed))), last));
        shown = needed;
      }
      lines.add(PhhActions.player(phhIndex(players, a.seat()), a.action(), a.at(), a.timedOut()));
      last = a.at();
    }
    // an all-in runout deals the rest of the board after the last action, street by street
    for (int upTo : new int[] {3, 4, 5}) {
      if (board.size() >= upTo && upTo > shown) {
        lines.add(
            PhhActions.dealer("db " + String.join("", cards(board.subList(shown, upTo))), last));
        shown = upTo;
      }
    }
    return List.copyOf(lines);
  }

  private static int boardCards(Street street) {
    return switch (street) {
      case PREFLOP -> 0;
      case FLOP -> 3;
      case TURN -> 4;
      case RIVER, COMPLETE -> 5;
    };
  }

  /**
   * The PHH player number (1 = first seat left of the button) of {@code seat} among {@code
   * players}.
   */
  public static int phhIndex(List<SeatedPlayer> players, int seat) {
    for (int i = 0; i < players.size(); i++) if (players.get(i).seat() == seat) return i + 1;
    throw new IllegalArgumentException("seat " + seat + " is not in the hand");
  }

  private static HandHistory.Reveal reveal(CardReveal r) {
    return new HandHistory.Reveal(r.position(), r.card().toString(), r.salt(), r.path());
  }

  /** Cards as PHH writes them ({@code As}, {@code Td}, ...). */
  public static List<String> cards(List<Card> cards) {
    return cards.stream().map(Card::toString).toList();
  }

  static AnteMode anteMode(String name) {
    try {
      return AnteMode.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown ante_mode '" + name + "' (expected NONE, EACH or BIG_BLIND)");
    }
  }
}
