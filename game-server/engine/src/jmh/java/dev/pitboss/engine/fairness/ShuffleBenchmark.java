package dev.pitboss.engine.fairness;

import dev.pitboss.engine.cards.Deck;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Shuffles per second on one thread with the production settings (reseed every 1000 shuffles), as
 * a deck alone and as a deck plus its Merkle commitment (52 salts, 127 SHA-256 hashes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ShuffleBenchmark {

  private Shuffler shuffler;
  private SecureRandom salts;

  @Setup
  public void start() throws Exception {
    shuffler = new Shuffler();
    salts = SecureRandom.getInstance("DRBG");
  }

  @Benchmark
  public Deck shuffle() {
    return shuffler.shuffle();
  }

  @Benchmark
  public String shuffleAndCommit() {
    return DeckCommitment.commit(shuffler.shuffle(), salts).root();
  }
}
