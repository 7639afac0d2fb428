package dev.pitboss.engine.eval;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Random-order seven-card evaluation on one thread: 65,536 random hands evaluated in array order,
 * so consecutive lookups hit unrelated table slots, as at a real table. One operation is one
 * hand, so the score is evaluations per second. The C reference driver (README) uses the same
 * hand count and order. {@code evaluate7} is the checked entry point; {@code evaluate7Unchecked}
 * is the showdown's path, which, like the C reference, does not look for a repeated card.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EvaluatorBenchmark {

  static final int HANDS = 1 << 16;

  private final int[] cards = new int[HANDS * 7];

  @Setup
  public void deal() {
    var rng = new SplittableRandom(7);
    for (int h = 0; h < HANDS; h++) {
      long used = 0;
      for (int k = 0; k < 7; k++) {
        int c;
        do c = rng.nextInt(52);
        while ((used >>> c & 1) != 0);
        used |= 1L << c;
        cards[h * 7 + k] = c;
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(HANDS)
  public long evaluate7() {
    int[] c = cards;
    long sum = 0;
    for (int i = 0; i < c.length; i += 7) {
      sum += HandEvaluator.evaluate7(c[i], c[i + 1], c[i + 2], c[i + 3], c[i + 4], c[i + 5], c[i + 6]);
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(HANDS)
  public long evaluate7Unchecked() {
    int[] c = cards;
    long sum = 0;
    for (int i = 0; i < c.length; i += 7) {
      sum +=
          HandEvaluator.evaluate7Unchecked(
              c[i], c[i + 1], c[i + 2], c[i + 3], c[i + 4], c[i + 5], c[i + 6]);
    }
    return sum;
  }
}
