package dev.pitboss.engine.history;

import dev.pitboss.engine.cards.Card;
import dev.pitboss.engine.cards.Deck;
import dev.pitboss.engine.fairness.CardReveal;
import dev.pitboss.engine.fairness.DeckCommitment;
import dev.pitboss.engine.game.Hand;
import dev.pitboss.engine.game.HandConfig;
import dev.pitboss.engine.game.HandSetup;
import dev.pitboss.engine.game.HandState;
import dev.pitboss.engine.game.Result;
import dev.pitboss.engine.game.SeatedPlayer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Re-runs a recorded hand through the engine and compares everything the engine derives (postings,
 * board, pots, winners, showdown, final stacks, the action lines themselves) with the record, and
 * checks every revealed card against the deck commitment. This is the dispute desk's tool: a
 * history that matches is exactly what the engine does with those cards and those actions.
 */
public final class Replayer {

  private Replayer() {}

  /**
   * @param hand the replayed hand, empty if the record could not even be replayed to the end
   * @param differences what differs between record and replay, or why the replay stopped
   * @param commitmentVerified true if the record has a commitment root and every dealt card is
   *     revealed and verifies against it
   */
  public record Report(
      boolean matches,
      List<String> differences,
      Optional<HandState> hand,
      Optional<HandHistory> replayed,
      boolean commitmentVerified) {}

  public static Report replay(HandHistory recorded) {
    Objects.requireNonNull(recorded, "recorded");
    var problems = new ArrayList<String>();
    if (!HandHistory.FORMAT.equals(recorded.format()))
      return stop(
          "format is '" + recorded.format() + "', this replayer reads " + HandHistory.FORMAT);
    if (!"NT".equals(recorded.variant()))
      return stop(
          "variant is '" + recorded.variant() + "'; only NT (no-limit hold'em) is supported");
    HandSetup setup;
    Deck deck;
    Instant startedAt;
    try {
      var config =
          new HandConfig(
              recorded.currency(),
              recorded.smallBlind(),
              recorded.bigBlind(),
              recorded.ante(),
              HandHistories.anteMode(recorded.anteMode()),
              Duration.ofMillis(recorded.actionTimeMs()));
      var players =
          recorded.players().stream()
              .map(p -> new SeatedPlayer(p.seat(), p.name(), p.startingStack()))
              .toList();
      setup =
          new HandSetup(
              config,
              players,
              recorded.buttonSeat(),
              new HashSet<>(recorded.postToPlay()),
              new HashSet<>(recorded.deadSmallBlind()));
      deck = Deck.parse(String.join(" ", recorded.deck().dealt()));
      startedAt = Instant.parse(recorded.startedAt());
    } catch (RuntimeException e) {
      return stop("the hand cannot be set up: " + e.getMessage());
    }
    boolean verified = verifyCommitment(recorded.deck(), problems);

    var state = Hand.start(setup, deck, startedAt);
    var order = state.players();
    var at = startedAt;
    int k = 0;
    for (var text : recorded.actions()) {
      k++;
      PhhActions.Line line;
      try {
        line = PhhActions.parse(text);
      } catch (IllegalArgumentException e) {
        return stop("action " + k + ": " + e.getMessage(), problems, verified);
      }
      if (line.dealer()) continue; // dealer lines are derived; the final comparison checks them
      if (line.actor() > order.size())
        return stop(
            "action " + k + " '" + text + "': there is no p" + line.actor(), problems, verified);
      if (line.at() != null) at = line.at();
      int seat = order.get(line.actor() - 1).seat();
      Result result;
      if (line.timeout()) {
        if (state.seatToAct().orElse(-1) != seat)
          return stop(
              "action " + k + " '" + text + "': p" + line.actor() + " is not the one to act",
              problems,
              verified);
        result = state.timeout(at);
      } else {
        result = state.apply(seat, PhhActions.toAction(line, state), at);
      }
      if (result instanceof Result.Rejected r)
        return stop(
            "action "
                + k
                + " '"
                + text
                + "' is rejected: "
                + r.rejection().reason()
                + ": "
                + r.rejection().message(),
            problems,
            verified);
      state = result.state();
    }
    if (!state.isComplete())
      return stop(
          "the recorded actions end before the hand does (seat "
              + state.seatToAct().getAsInt()
              + " is to act)",
          problems,
          verified);
    var replayed =
        HandHistories.build(
            state,
            recorded.handId(),
            recorded.table(),
            recorded.deck().commitmentRoot(),
            recorded.deck().reveals());
    problems.addAll(differences(recorded, replayed));
    return new Report(
        problems.isEmpty(),
        List.copyOf(problems),
        Optional.of(state),
        Optional.of(replayed),
        verified);
  }

  private static boolean verifyCommitment(HandHistory.DeckSection deck, List<String> problems) {
    if (deck.commitmentRoot().isEmpty()) {
      if (!deck.reveals().isEmpty()) problems.add("deck: reveals without a commitment root");
      return false;
    }
    var revealed = new HashSet<Integer>();
    boolean ok = true;
    for (var r : deck.reveals()) {
      if (r.position() < 0 || r.position() >= deck.dealt().size()) {
        problems.add("deck: reveal of position " + r.position() + ", which was not dealt");
        ok = false;
        continue;
      }
      Card card;
      try {
        card = Card.parse(r.card());
      } catch (IllegalArgumentException e) {
        problems.add("deck: reveal of position " + r.position() + ": " + e.getMessage());
        ok = false;
        continue;
      }
      if (!r.card().equals(deck.dealt().get(r.position()))) {
        problems.add(
            "deck: position "
                + r.position()
                + " revealed "
                + r.card()
                + " but dealt "
                + deck.dealt().get(r.position()));
        ok = false;
      }
      if (!DeckCommitment.verify(
          deck.commitmentRoot(), new CardReveal(r.position(), card, r.salt(), r.path()))) {
        problems.add(
            "deck: reveal of position "
                + r.position()
                + " does not verify against the commitment root");
        ok = false;
      }
      revealed.add(r.position());
    }
    for (int p = 0; p < deck.dealt().size(); p++)
      if (!revealed.contains(p)) {
        problems.add("deck: dealt position " + p + " is not revealed");
        ok = false;
      }
    return ok;
  }

  /** Field-by-field comparison, snake_case names as in the JSON. */
  static List<String> differences(HandHistory recorded, HandHistory replayed) {
    var diffs = new ArrayList<String>();
    for (var component : HandHistory.class.getRecordComponents()) {
      try {
        Object a = component.getAccessor().invoke(recorded);
        Object b = component.getAccessor().invoke(replayed);
        if (!Objects.equals(a, b))
          diffs.add(snake(component.getName()) + ": recorded " + a + " but replay gives " + b);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return diffs;
  }

  private static String snake(String camel) {
    return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  private static Report stop(String why) {
    return new Report(false, List.of(why), Optional.empty(), Optional.empty(), false);
  }

  private static Report stop(String why, List<String> problems, boolean verified) {
    var all = new ArrayList<>(problems);
    all.add(why);
    return new Report(false, List.copyOf(all), Optional.empty(), Optional.empty(), verified);
  }
}
