package dev.pitboss.operator;

import dev.pitboss.agones.real.AgonesBin;
import dev.pitboss.agones.real.RealAgones;
import dev.pitboss.agones.standin.FakeAgonesController;
import dev.pitboss.crds.Table;
import dev.pitboss.testbed.TestBed;
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
  private static final int APPLIERS = 8;

  private OperatorBench() {}

  /** The API server's request counts by verb and resource, largest first. */
  static String requests(Cluster cluster) {
    var counts = new java.util.TreeMap<String, Double>();
    for (var line : cluster.client.raw("/metrics").lines().toList()) {
      if (!line.startsWith("apiserver_request_total{")) continue;
      var labels = line.substring(line.indexOf('{') + 1, line.lastIndexOf('}'));
      String verb = label(labels, "verb"), resource = label(labels, "resource");
      var sub = label(labels, "subresource");
      var key = verb + " " + resource + (sub.isEmpty() ? "" : "/" + sub);
      counts.merge(key, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
    }
    return counts.entrySet().stream()
        .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(14)
        .map(e -> e.getKey() + "=" + e.getValue().longValue())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private static String label(String labels, String name) {
    int at = labels.indexOf(name + "=\"");
    if (at < 0) return "";
    int from = at + name.length() + 2;
    return labels.substring(from, labels.indexOf('"', from));
  }

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
        // Agones is a process of its own: the stand-in gets a client of its own, so its writes do
        // not queue behind the operator's allocation requests that wait for them.
        var agonesClient = TestBed.client(cluster.server);
        AutoCloseable agones =
            real ? cluster.realAgones(bin.get()) : new FakeAgonesController(agonesClient);
        var operator =
            new PitbossOperator(cluster.client, config, new RecordingHolds(), Clock.systemUTC())) {
      operator.start();
      long start = System.nanoTime();
      // Applied by several clients at once, as a platform team's pipeline applies many files: one
      // client's round trips in a row would measure that client, not the operator.
      try (var appliers = java.util.concurrent.Executors.newFixedThreadPool(APPLIERS)) {
        for (int i = 0; i < count; i++) {
          var table = TableOperatorIT.table("bench-" + i, "eu-west", 1, 4, 2);
          appliers.submit(() -> cluster.client.resource(table).create());
        }
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
      System.out.println("OperatorBench: API requests until placed: " + requests(cluster));
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
