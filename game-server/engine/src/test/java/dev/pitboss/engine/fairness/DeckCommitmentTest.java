package dev.pitboss.engine.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.engine.cards.Card;
import java.security.SecureRandom;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

class DeckCommitmentTest {

  private final SecureRandom salts = new SecureRandom();
  private final Shuffler shuffler = new Shuffler();

  @Test
  void everyPositionVerifiesAgainstTheRoot() {
    var deck = shuffler.shuffle();
    var commitment = DeckCommitment.commit(deck, salts);
    assertThat(commitment.root()).hasSize(64);
    for (var reveal : commitment.revealAll()) {
      assertThat(reveal.card()).isEqualTo(deck.get(reveal.position()));
      assertThat(DeckCommitment.verify(commitment.root(), reveal)).isTrue();
    }
  }

  @Test
  void aTamperedCardSaltPathPositionOrRootFails() {
    var deck = shuffler.shuffle();
    var commitment = DeckCommitment.commit(deck, salts);
    String root = commitment.root();
    var r = commitment.reveal(7);
    var otherCard = Card.of((r.card().index() + 1) % 52);
    assertThat(DeckCommitment.verify(root, new CardReveal(7, otherCard, r.salt(), r.path())))
        .isFalse();
    assertThat(DeckCommitment.verify(root, new CardReveal(7, r.card(), flip(r.salt()), r.path())))
        .isFalse();
    for (int i = 0; i < r.path().size(); i++) {
      var path = new ArrayList<>(r.path());
      path.set(i, flip(path.get(i)));
      assertThat(DeckCommitment.verify(root, new CardReveal(7, r.card(), r.salt(), path)))
          .isFalse();
    }
    // The same card and salt claimed at the sibling position does not verify.
    assertThat(DeckCommitment.verify(root, new CardReveal(6, r.card(), r.salt(), r.path())))
        .isFalse();
    assertThat(DeckCommitment.verify(flip(root), r)).isFalse();
    // Another commitment to the same deck has fresh salts, so another root.
    assertThat(DeckCommitment.commit(deck, salts).root()).isNotEqualTo(root);
  }

  @Test
  void aPlayersRevealCarriesOnlyHashesOfOtherPositions() {
    var deck = shuffler.shuffle();
    var commitment = DeckCommitment.commit(deck, salts);
    var mine = commitment.reveal(0);
    var all = commitment.revealAll();
    // Siblings are 32-byte hashes; no other position's salt appears anywhere in the reveal.
    assertThat(mine.path()).allSatisfy(h -> assertThat(h).hasSize(64));
    for (var other : all.subList(1, 52)) {
      assertThat(mine.path()).doesNotContain(other.salt());
      assertThat(String.join("", mine.path())).doesNotContain(other.salt());
    }
    // The record has exactly one card: the player's own.
    assertThat(mine.card()).isEqualTo(deck.get(0));
  }

  @Test
  void malformedRevealsAreRejectedWithTheReason() {
    var r = DeckCommitment.commit(shuffler.shuffle(), salts).reveal(3);
    assertThatThrownBy(() -> new CardReveal(52, r.card(), r.salt(), r.path()))
        .hasMessageContaining("outside 0..51");
    assertThatThrownBy(() -> new CardReveal(3, r.card(), "zz", r.path()))
        .hasMessageContaining("salt must be 32 hex digits");
    assertThatThrownBy(() -> new CardReveal(3, r.card(), r.salt(), r.path().subList(0, 5)))
        .hasMessageContaining("6 hashes, got 5");
    assertThatThrownBy(() -> DeckCommitment.verify("abc", r))
        .hasMessageContaining("root must be 64 hex digits");
    assertThatThrownBy(() -> DeckCommitment.commit(null, salts)).hasMessageContaining("no deck");
  }

  private static String flip(String hex) {
    char c = hex.charAt(0) == '0' ? '1' : '0';
    return c + hex.substring(1);
  }
}
