package dev.pitboss.engine.fairness;

import dev.pitboss.engine.cards.Deck;
import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shuffles with a NIST SP 800-90A DRBG; thread-safe; reseeds periodically.
 *
 * <p>The generator is the JDK's {@code DRBG} SecureRandom instantiated at 256-bit security strength
 * without prediction resistance. Its mechanism is Hash_DRBG over SHA-256 (the JDK default, {@code
 * securerandom.drbg.config}); the constructor checks that and refuses to run if an installation
 * configured anything else, so the stated mechanism is the one in use. Prediction resistance would
 * pull fresh entropy on every draw; instead the shuffler reseeds from the system entropy source
 * every {@link #DEFAULT_RESEED_INTERVAL} shuffles, which bounds what a leaked internal state could
 * reveal to that many hands while keeping a shuffle cheap.
 *
 * <p>The permutation is an unbiased Fisher–Yates: position i swaps with a position drawn uniformly
 * from 0..i by rejection sampling ({@link UniformDraw}), never by a bare modulo.
 */
public final class Shuffler {

  /** Shuffles between reseeds; see the class comment for why. */
  public static final int DEFAULT_RESEED_INTERVAL = 1_000;

  static final String MECHANISM = "Hash_DRBG,SHA-256,256";

  private final SecureRandom random;
  private final int reseedInterval;
  private final AtomicLong shuffles = new AtomicLong();

  public Shuffler() {
    this(DEFAULT_RESEED_INTERVAL);
  }

  public Shuffler(int reseedInterval) {
    this(drbg(), reseedInterval);
  }

  Shuffler(SecureRandom random, int reseedInterval) {
    if (reseedInterval < 1) {
      throw new IllegalArgumentException(
          "reseed interval must be at least one shuffle, got " + reseedInterval);
    }
    this.random = random;
    this.reseedInterval = reseedInterval;
  }

  /** A freshly shuffled deck. */
  public Deck shuffle() {
    return Deck.ofIndices(shuffleIndices());
  }

  /** The shuffled card indices in deal order; the hot part of {@link #shuffle()}. */
  int[] shuffleIndices() {
    if (shuffles.incrementAndGet() % reseedInterval == 0) {
      random.reseed();
    }
    int[] deck = new int[52];
    for (int i = 0; i < 52; i++) deck[i] = i;
    var draw = new UniformDraw(random);
    for (int i = 51; i > 0; i--) {
      int j = draw.below(i + 1);
      int t = deck[i];
      deck[i] = deck[j];
      deck[j] = t;
    }
    return deck;
  }

  /** Shuffles done so far, for the audit log and metrics. */
  public long shuffles() {
    return shuffles.get();
  }

  /** The DRBG's own description (mechanism, algorithm, strength, capabilities). */
  public String mechanism() {
    return random.toString();
  }

  private static SecureRandom drbg() {
    byte[] personalization =
        ("pitboss-shuffler/" + ProcessHandle.current().pid() + "/" + System.nanoTime())
            .getBytes(StandardCharsets.UTF_8);
    SecureRandom random;
    try {
      random =
          SecureRandom.getInstance(
              "DRBG",
              DrbgParameters.instantiation(
                  256, DrbgParameters.Capability.RESEED_ONLY, personalization));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK offers no 256-bit DRBG", e);
    }
    if (!random.toString().contains(MECHANISM)) {
      throw new IllegalStateException(
          "the DRBG must be " + MECHANISM + " but this JDK is configured for " + random);
    }
    return random;
  }
}
