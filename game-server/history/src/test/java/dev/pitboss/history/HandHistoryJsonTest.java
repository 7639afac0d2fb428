package dev.pitboss.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.engine.fairness.DeckCommitment;
import dev.pitboss.engine.history.HandHistories;
import dev.pitboss.engine.history.HandHistory;
import dev.pitboss.engine.history.RandomHands;
import dev.pitboss.engine.history.Replayer;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The JSON cases of the engine's HandHistoryTest: what survives the codec and what it refuses. */
class HandHistoryJsonTest {

  private static HandHistory committedHand(long seed) {
    var rng = new SplittableRandom(seed);
    var setup = RandomHands.setup(rng, 2 + rng.nextInt(9));
    var deck = RandomHands.shuffled(rng);
    var commitment = DeckCommitment.commit(deck, new SecureRandom());
    var hand = RandomHands.play(rng, setup, deck);
    return HandHistories.of(hand, "hand-" + seed, "table-7", Optional.of(commitment));
  }

  @Property(tries = 1000)
  void everyRandomHandSurvivesJsonAndReplaysToTheSameResult(
      @ForAll long seed, @ForAll @IntRange(min = 2, max = 10) int players) {
    var rng = new SplittableRandom(seed);
    var setup = RandomHands.setup(rng, players);
    var deck = RandomHands.shuffled(rng);
    var hand = RandomHands.play(rng, setup, deck);
    var history = HandHistories.of(hand, "h" + seed, "t1", Optional.empty());
    var parsed = HandHistoryJson.fromJson(HandHistoryJson.toJson(history));
    assertThat(parsed).isEqualTo(history);
    var report = Replayer.replay(parsed);
    assertThat(report.differences()).isEmpty();
    assertThat(report.matches()).isTrue();
    assertThat(report.hand().orElseThrow().outcome()).isEqualTo(hand.outcome());
  }

  @Test
  void aCommittedDeckSurvivesJsonAndIsVerifiedCardByCard() {
    var history = committedHand(42);
    assertThat(history.deck().commitmentRoot()).isNotEmpty();
    assertThat(history.deck().reveals()).hasSameSizeAs(history.deck().dealt());
    var report = Replayer.replay(HandHistoryJson.fromJson(HandHistoryJson.toJson(history)));
    assertThat(report.commitmentVerified()).isTrue();
    assertThat(report.matches()).isTrue();
  }

  @Test
  void aForgedResultInTheJsonIsAMismatchThatSaysWhere() {
    var h = committedHand(7);
    var json = HandHistoryJson.toJson(h);
    var lastStack = h.finishingStacks().getLast();
    var forged =
        json.replace(
            "\"finishing_stacks\" : [ "
                + String.join(", ", h.finishingStacks().stream().map(String::valueOf).toList())
                + " ]",
            "\"finishing_stacks\" : [ "
                + String.join(
                    ", ",
                    h.finishingStacks().subList(0, h.finishingStacks().size() - 1).stream()
                        .map(String::valueOf)
                        .toList())
                + (h.finishingStacks().size() > 1 ? ", " : "")
                + (lastStack + 1)
                + " ]");
    assertThat(forged).isNotEqualTo(json);
    var forgedReport = Replayer.replay(HandHistoryJson.fromJson(forged));
    assertThat(forgedReport.matches()).isFalse();
    assertThat(forgedReport.differences()).anyMatch(d -> d.startsWith("finishing_stacks:"));
  }

  @Test
  void malformedJsonIsRejectedWithAClearMessage() {
    assertThatThrownBy(() -> HandHistoryJson.fromJson("{\"format\": \"pitboss-hh/1\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a valid hand history");
    var json = HandHistoryJson.toJson(committedHand(3)).replaceFirst("\\{", "{ \"surprise\": 1,");
    assertThatThrownBy(() -> HandHistoryJson.fromJson(json)).hasMessageContaining("surprise");
  }
}
