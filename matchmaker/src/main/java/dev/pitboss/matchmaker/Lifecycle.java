package dev.pitboss.matchmaker;

import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the background work (the hold sweeper, the tournament directors) with the context, and
 * drains on shutdown: readiness turns 503, waiting seat requests answer at once, directors hand
 * their tournaments back (release their locks) so another replica continues without waiting for a
 * lock to lapse.
 */
@Context
final class Lifecycle {
  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);
  private final AtomicBoolean draining = new AtomicBoolean();
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("matchmaker-bg-", 0).factory());
  private final Seating seating;
  private final PlayerApi api;
  private final Directors directors;

  Lifecycle(
      HoldSweeper sweeper,
      Seating seating,
      PlayerApi api,
      Directors directors,
      MatchmakerConfig config) {
    this.seating = seating;
    this.api = api;
    this.directors = directors;
    long sweep = config.holdSweepInterval().toMillis();
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            sweeper.sweep();
          } catch (RuntimeException e) {
            log.warn("hold sweep failed; retrying next round", e);
          }
        },
        sweep,
        sweep,
        TimeUnit.MILLISECONDS);
    directors.start();
  }

  boolean draining() {
    return draining.get();
  }

  @PreDestroy
  void drain() throws InterruptedException {
    draining.set(true);
    seating.drain();
    api.close();
    directors.close();
    scheduler.shutdown();
    scheduler.awaitTermination(10, TimeUnit.SECONDS);
  }
}
