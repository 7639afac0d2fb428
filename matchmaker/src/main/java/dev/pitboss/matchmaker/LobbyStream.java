package dev.pitboss.matchmaker;

import io.micronaut.http.sse.Event;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The server-sent-events stream of lobby changes: the first snapshot at once, then a new one each
 * time it differs, checked every {@code period}. One virtual thread per subscriber, which only runs
 * while the subscriber has demand (reactive-streams back-pressure).
 */
final class LobbyStream implements Publisher<Event<Lobby.Snapshot>> {
  private final Supplier<Lobby.Snapshot> snapshots;
  private final Duration period;
  private final AtomicBoolean closed;

  LobbyStream(Supplier<Lobby.Snapshot> snapshots, Duration period, AtomicBoolean closed) {
    this.snapshots = snapshots;
    this.period = period;
    this.closed = closed;
  }

  @Override
  public void subscribe(Subscriber<? super Event<Lobby.Snapshot>> subscriber) {
    var demand = new Semaphore(0);
    var cancelled = new AtomicBoolean();
    subscriber.onSubscribe(
        new Subscription() {
          @Override
          public void request(long n) {
            demand.release((int) Math.min(n, Integer.MAX_VALUE / 2));
          }

          @Override
          public void cancel() {
            cancelled.set(true);
          }
        });
    Thread.ofVirtual()
        .name("lobby-sse")
        .start(
            () -> {
              Lobby.Snapshot last = null;
              long id = 0;
              try {
                while (!cancelled.get() && !closed.get()) {
                  var now = snapshots.get();
                  if (!Objects.equals(now, last)) {
                    while (!demand.tryAcquire(period.toMillis(), TimeUnit.MILLISECONDS)) {
                      if (cancelled.get() || closed.get()) {
                        return;
                      }
                    }
                    subscriber.onNext(Event.of(now).name("lobby").id(Long.toString(++id)));
                    last = now;
                  }
                  Thread.sleep(period.toMillis());
                }
                subscriber.onComplete();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                subscriber.onComplete();
              } catch (RuntimeException e) {
                subscriber.onError(e);
              }
            });
  }
}
