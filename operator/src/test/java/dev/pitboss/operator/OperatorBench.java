package dev.pitboss.operator;

import dev.pitboss.agones.real.AgonesBin;
import dev.pitboss.agones.real.RealAgones;
import dev.pitboss.agones.standin.FakeAgonesController;
import dev.pitboss.crds.Table;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Applies N Tables (default 100) to a real API server with the operator in-process and Agones
 * played by {@link FakeAgonesController}, or, with {@code AGONES_BIN} set, Agones itself ({@link
 * RealAgones}); prints the time until every Table's placement is recorded and the heap after GC at
 * steady state. Run: see operator/README.md.
 */
public final class OperatorBench {
  private OperatorBench() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    var bin = AgonesBin.fromEnvironment();
    boolean real = bin.isPresent();
    // Second argument: the autoscaler's buffer of free table slots. Agones adds servers for the
    // buffer once per sync (10 s), so a burst of N tables on Agones itself wants a buffer of N.
    long buffer = args.length > 1 ? Long.parseLong(args[1]) : 4;
    var base = real ? TestConfig.defaults().withDevAddress("127.0.0.1") : TestConfig.defaults();
    var config = TestConfig.withBufferTables(base, buffer);
    try (var cluster = new Cluster();
        AutoCloseable agones =
            real ? cluster.realAgones(bin.get()) : new FakeAgonesController(cluster.client);
        var operator =
            new PitbossOperator(cluster.client, config, new RecordingHolds(), Clock.systemUTC())) {
      operator.start();
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        cluster.client.resource(TableOperatorIT.table("bench-" + i, "eu-west", 1, 4, 2)).create();
      }
      long applied = System.nanoTime();
      var tables = cluster.client.resources(Table.class).inNamespace("default");
      while (true) {
        long placed =
            tables.list().getItems().stream()
                .filter(t -> t.getStatus() != null && t.getStatus().placements() != null)
                .filter(t -> !t.getStatus().placements().isEmpty())
                .count();
        if (placed == count) break;
        if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(10)) {
          throw new IllegalStateException("only " + placed + " of " + count + " placed in 10 min");
        }
        Thread.sleep(50);
      }
      long done = System.nanoTime();
      Thread.sleep(5_000); // steady state: follow-up reconciles finish
      var memory = ManagementFactory.getMemoryMXBean();
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(200);
      }
      long heap = memory.getHeapMemoryUsage().getUsed();
      var histogram =
          operator.metrics().registry.scrape().stream()
              .filter(
                  m ->
                      m.getMetadata()
                          .getName()
                          .equals("pitboss_operator_reconcile_duration_seconds"))
              .flatMap(m -> m.getDataPoints().stream())
              .map(
                  d ->
                      (io.prometheus.metrics.model.snapshots.HistogramSnapshot
                              .HistogramDataPointSnapshot)
                          d)
              .filter(d -> "table".equals(d.getLabels().get("kind")))
              .findFirst()
              .orElseThrow();
      System.out.printf(
          "OperatorBench: %d Table reconciles, mean %.1f ms each%n",
          histogram.getCount(), histogram.getSum() * 1000 / histogram.getCount());
      System.out.printf(
          "OperatorBench: %d Tables applied in %d ms; all placements recorded after %d ms"
              + " (%.1f tables/s); heap after GC at steady state: %.1f MiB"
              + " (operator, %s and clients in one JVM)%n",
          count,
          TimeUnit.NANOSECONDS.toMillis(applied - start),
          TimeUnit.NANOSECONDS.toMillis(done - start),
          count / ((done - start) / 1e9),
          heap / (1024.0 * 1024.0),
          real ? "Agones " + Cluster.AGONES_VERSION + " out of process" : "the fake Agones");
    }
  }
}
