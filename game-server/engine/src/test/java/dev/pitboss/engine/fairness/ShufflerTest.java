package dev.pitboss.engine.fairness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ShufflerTest {

  @Test
  void usesAHashDrbgAtStrength256WithoutPredictionResistance() {
    var mechanism = new Shuffler().mechanism();
    assertThat(mechanism).contains("Hash_DRBG,SHA-256,256,reseed_only");
  }

  @Test
  void reseedsEveryIntervalShuffles() {
    var reseeds = new AtomicInteger();
    @SuppressWarnings("serial")
    var counting =
        new SecureRandom() {
          @Override
          public void reseed() {
            reseeds.incrementAndGet();
          }
        };
    var shuffler = new Shuffler(counting, 10);
    for (int i = 0; i < 105; i++) shuffler.shuffle();
    assertThat(reseeds).hasValue(10);
    assertThat(shuffler.shuffles()).isEqualTo(105);
  }

  @Test
  void everyShuffleIsAPermutationAndShufflesDiffer() {
    var shuffler = new Shuffler();
    var seen = new HashSet<String>();
    for (int i = 0; i < 1000; i++) {
      var deck = shuffler.shuffle(); // Deck itself rejects a repeated card
      assertThat(deck.cards()).hasSize(52);
      seen.add(deck.toString());
    }
    assertThat(seen).hasSize(1000);
  }

  @Test
  void oneShufflerServesManyThreads() throws Exception {
    var shuffler = new Shuffler(50);
    var decks = java.util.concurrent.ConcurrentHashMap.<String>newKeySet();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
      for (int t = 0; t < 4; t++) {
        pool.submit(
            () -> {
              for (int i = 0; i < 500; i++) decks.add(shuffler.shuffle().toString());
            });
      }
    }
    assertThat(shuffler.shuffles()).isEqualTo(2000);
    assertThat(decks).hasSize(2000);
  }

  @Test
  void aReseedIntervalBelowOneIsRejected() {
    assertThatThrownBy(() -> new Shuffler(0)).hasMessageContaining("at least one shuffle, got 0");
  }
}
