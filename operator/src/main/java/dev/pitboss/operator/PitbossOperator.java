package dev.pitboss.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The operator as one object: both reconcilers on JOSDK, leader election on a Lease, exponential
 * retry, metrics. Main, the integration tests and the benchmark all start it the same way.
 */
public final class PitbossOperator implements AutoCloseable {
  static final String LEASE = "pitboss-operator";

  private final Operator operator;
  private final OperatorMetrics metrics = new OperatorMetrics();
  private volatile boolean closing;

  public PitbossOperator(
      KubernetesClient client, OperatorConfig config, BuyInHolds holds, Clock clock) {
    this(client, config, holds, clock, PitbossOperator::exitProcess);
  }

  /**
   * @param onLostLease what a replica configured to exit on a lost Lease does when it loses it
   *     while running; never called once {@link #close()} began (a Lease released on shutdown is
   *     not lost)
   */
  PitbossOperator(
      KubernetesClient client,
      OperatorConfig config,
      BuyInHolds holds,
      Clock clock,
      Runnable onLostLease) {
    var events = new Events(client);
    var gameServers = new GameServers(client);
    var fleets = new RegionFleets(client, config);
    var pending = new PendingPlacements(clock);
    var placer = new Placer(gameServers, new Allocator(client), events, metrics, pending);
    var capacity = new Capacity(fleets, gameServers, placer, events, metrics, pending);
    operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client).withCloseClientOnStop(false);
              if (config.leaseNamespace() != null) {
                // Unique per replica, even for two replicas in one JVM (tests).
                var identity = hostname() + "-" + UUID.randomUUID();
                // JOSDK's own exit on stop leading calls System.exit, also when the Lease is
                // released on shutdown: from inside a shutdown hook that blocks for ever. So
                // JOSDK never exits, and a lost Lease exits only while the operator runs.
                var callbacks =
                    new LeaderCallbacks(
                        () -> {},
                        () -> {
                          if (config.exitOnLostLease() && !closing) onLostLease.run();
                        },
                        leader -> {});
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        LEASE,
                        config.leaseNamespace(),
                        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                        identity,
                        callbacks,
                        false));
              }
            });
    register(new TableReconciler(capacity, metrics), config, true);
    // Not generation-aware: the matchmaker reports entrants and playersLeft on the status, and
    // the operator must react to them (start, release broken tables, complete).
    register(new TournamentReconciler(capacity, events, metrics, holds, clock), config, false);
  }

  private <P extends HasMetadata> void register(
      Reconciler<P> reconciler, OperatorConfig config, boolean generationAware) {
    Consumer<ControllerConfigurationOverrider<P>> overrides =
        o -> {
          o.withRetry(
              new GenericRetry()
                  .setInitialInterval(500)
                  .setIntervalMultiplier(2)
                  .setMaxInterval(60_000)
                  .withoutMaxAttempts());
          o.withReconciliationMaxInterval(Duration.ofMinutes(5));
          o.withGenerationAware(generationAware);
          if (!config.watchNamespace().isBlank()) o.settingNamespace(config.watchNamespace());
        };
    operator.register(reconciler, overrides);
  }

  private static String hostname() {
    var name = System.getenv("HOSTNAME");
    return name == null || name.isBlank() ? "pitboss-operator" : name;
  }

  public void start() {
    operator.start();
  }

  /** Live: the process answers. Ready: the operator started and its informers are healthy. */
  public boolean ready() {
    var info = operator.getRuntimeInfo();
    return info.isStarted() && info.allEventSourcesAreHealthy();
  }

  OperatorMetrics metrics() {
    return metrics;
  }

  /** Exits from a thread of its own, so the elector's thread (and any hook) is never blocked. */
  private static void exitProcess() {
    Thread.ofPlatform().name("pitboss-lost-lease-exit").start(() -> System.exit(1));
  }

  @Override
  public void close() {
    closing = true;
    operator.stop();
  }
}
