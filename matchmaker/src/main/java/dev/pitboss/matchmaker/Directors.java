package dev.pitboss.matchmaker;

import dev.pitboss.crds.TournamentPhase;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * Runs the tournament directors of this replica on one thread: every Running (or just Completed)
 * Tournament gets a {@link DirectorRunner}, which directs it only while it holds the tournament's
 * lock, so across replicas exactly one directs each tournament and a crashed replica's tournaments
 * move to another once its locks lapse. Closing hands every lock back at once.
 */
final class Directors implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Directors.class);
  private static final long IDLE_MS = 100;

  private final UnifiedJedis redis;
  private final Catalog catalog;
  private final WalletClient wallet;
  private final MatchmakerConfig config;
  private final MatchmakerMetrics metrics;
  private final Clock clock;
  private final SecureRandom random;
  private final Map<String, DirectorRunner> runners = new HashMap<>();
  private volatile boolean stopping;
  private Thread thread;

  Directors(
      UnifiedJedis redis,
      Catalog catalog,
      WalletClient wallet,
      MatchmakerConfig config,
      MatchmakerMetrics metrics,
      Clock clock,
      SecureRandom random) {
    this.redis = redis;
    this.catalog = catalog;
    this.wallet = wallet;
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
    this.random = random;
  }

  synchronized void start() {
    thread = Thread.ofPlatform().name("tournament-directors").start(this::run);
  }

  private void run() {
    while (!stopping) {
      boolean worked = false;
      for (var t : catalog.tournaments()) {
        var phase = Registrations.phase(t);
        var key = Registrations.key(t.getMetadata().getNamespace(), t.getMetadata().getName());
        if (phase != TournamentPhase.Running && phase != TournamentPhase.Completed) {
          continue;
        }
        var runner =
            runners.computeIfAbsent(
                key,
                k ->
                    new DirectorRunner(
                        t.getMetadata().getNamespace(),
                        t.getMetadata().getName(),
                        redis,
                        catalog,
                        wallet,
                        config,
                        metrics,
                        clock,
                        random));
        try {
          worked |= runner.step(t);
        } catch (RuntimeException e) {
          log.warn("director of {} failed a step; retrying", key, e);
        }
      }
      metrics.directing.set(runners.values().stream().filter(DirectorRunner::locked).count());
      if (!worked) {
        try {
          Thread.sleep(IDLE_MS);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /**
   * Stops directing without handing the locks back: what a killed process leaves behind (tests use
   * it to prove another replica takes over once the locks lapse).
   */
  void halt() throws InterruptedException {
    stopping = true;
    if (thread != null) {
      thread.join(10_000);
    }
    runners.clear();
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    if (thread != null) {
      thread.join(10_000);
    }
    for (var runner : runners.values()) {
      try {
        runner.unlock();
      } catch (RuntimeException e) {
        log.warn("could not hand back a director lock; it lapses by itself", e);
      }
    }
  }
}
