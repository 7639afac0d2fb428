package dev.pitboss.gameserver.loadgen;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latency samples in microseconds, kept exactly (no histogram buckets) up to a fixed capacity, so
 * the percentiles printed are the samples' own. Recording is lock-free from any thread.
 */
final class Latency {
  private final String name;
  private final int[] micros;
  private final AtomicInteger count = new AtomicInteger();

  Latency(String name, int capacity) {
    this.name = name;
    this.micros = new int[capacity];
  }

  void record(long nanos) {
    int i = count.getAndIncrement();
    if (i < micros.length) micros[i] = (int) Math.min(Integer.MAX_VALUE, nanos / 1_000);
  }

  int count() {
    return Math.min(count.get(), micros.length);
  }

  /** One line: count, p50, p90, p99, p99.9 and max in milliseconds. */
  String summary() {
    int n = count();
    if (n == 0) return String.format("%-34s no samples", name);
    var sorted = Arrays.copyOf(micros, n);
    Arrays.sort(sorted);
    return String.format(
        "%-34s n=%-9d p50 %7.2f  p90 %7.2f  p99 %7.2f  p99.9 %7.2f  max %8.2f ms%s",
        name,
        n,
        at(sorted, 0.50),
        at(sorted, 0.90),
        at(sorted, 0.99),
        at(sorted, 0.999),
        sorted[n - 1] / 1e3,
        count.get() > micros.length ? " (samples capped)" : "");
  }

  private static double at(int[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e3;
  }
}
