package dev.pitboss.engine.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CardTest {

  @Test
  void indexAndTextRoundTripForEveryCard() {
    for (int i = 0; i < 52; i++) {
      var card = Card.of(i);
      assertThat(card.index()).isEqualTo(i);
      assertThat(Card.parse(card.toString())).isEqualTo(card);
    }
    assertThat(Card.parse("As").index()).isEqualTo(51);
    assertThat(Card.parse("2c").index()).isZero();
  }

  @Test
  void badCardTextIsRejectedWithTheReason() {
    assertThatThrownBy(() -> Card.parse("Ax")).hasMessageContaining("unknown suit 'x'");
    assertThatThrownBy(() -> Card.parse("1s")).hasMessageContaining("unknown rank '1'");
    assertThatThrownBy(() -> Card.parse("10s")).hasMessageContaining("two characters");
    assertThatThrownBy(() -> Card.of(52)).hasMessageContaining("outside 0..51");
  }

  @Test
  void aPartialDeckIsCompletedAndADuplicateRejected() {
    var deck = Deck.parse("As Ks Qs");
    assertThat(deck.cards()).hasSize(52).startsWith(Card.parse("As"), Card.parse("Ks"));
    assertThat(deck.cards()).doesNotHaveDuplicates();
    assertThatThrownBy(() -> Deck.parse("As As")).hasMessageContaining("repeats a card");
  }
}
