package dev.pitboss.gameserver.table;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives one {@link Table} its own virtual thread: requests and timer ticks run one at a time, in
 * order, so the table needs no locks, and a blocking wallet call holds up only its own table. Every
 * event is numbered in the table's {@link EventLog} and delivered, as each viewer may see it, to
 * the viewers subscribed at that moment.
 */
public final class TableActor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TableActor.class);

  /** A connection following the table: a seated player or an observer. */
  public interface Viewer {
    /** The viewer's seat, or {@link TableEvent#OBSERVER}. */
    int seat();

    /** Called on the table's thread; must not block. {@code event} is already the viewer's copy. */
    void deliver(long seq, TableEvent event);
  }

  /** Sees every event, public copy, on the table's thread (lobby, players list, metrics). */
  public interface Watcher {
    void seen(TableActor actor, long seq, TableEvent publicEvent);
  }

  private final Table table;
  private final EventLog events;
  private final Clock clock;
  private final Watcher watcher;
  private final List<Viewer> viewers = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  private TableActor(
      Function<Consumer<TableEvent>, Table> open, int logCapacity, Clock clock, Watcher watcher) {
    this.events = new EventLog(logCapacity);
    this.clock = clock;
    this.watcher = watcher;
    this.table = open.apply(this::publish);
    this.thread = Thread.ofVirtual().name("table-" + table.id()).unstarted(this::run);
  }

  /**
   * Starts a table's thread. {@code open} builds the table around the listener it is given (see
   * {@link Table#open}).
   */
  public static TableActor start(
      Function<Consumer<TableEvent>, Table> open, int logCapacity, Clock clock, Watcher watcher) {
    var actor = new TableActor(open, logCapacity, clock, watcher);
    actor.thread.start();
    return actor;
  }

  public String id() {
    return table.id();
  }

  public EventLog events() {
    return events;
  }

  /** Runs {@code request} on the table's thread; the future fails with what it threw. */
  public <T> CompletableFuture<T> ask(Function<Table, T> request) {
    var answer = new CompletableFuture<T>();
    if (!running) {
      answer.completeExceptionally(new IllegalStateException("table " + id() + " is stopped"));
      return answer;
    }
    inbox.add(
        () -> {
          try {
            answer.complete(request.apply(table));
          } catch (RuntimeException e) {
            answer.completeExceptionally(e);
          }
        });
    return answer;
  }

  /** Subscribes a viewer; call it on the table's thread (inside {@link #ask}) with the snapshot. */
  public void subscribe(Viewer viewer) {
    viewers.add(viewer);
  }

  public void unsubscribe(Viewer viewer) {
    viewers.remove(viewer);
  }

  private void publish(TableEvent event) {
    var sequenced = events.append(event);
    var publicCopy = event.forViewer(TableEvent.OBSERVER);
    for (var v : viewers) {
      var copy = v.seat() == TableEvent.OBSERVER ? publicCopy : event.forViewer(v.seat());
      try {
        v.deliver(sequenced.seq(), copy);
      } catch (RuntimeException e) {
        log.warn("table {}: a viewer failed to take event {}", id(), sequenced.seq(), e);
      }
    }
    watcher.seen(this, sequenced.seq(), publicCopy);
  }

  private void run() {
    while (running) {
      try {
        var wake = table.nextWakeUp();
        long waitMillis =
            wake.map(w -> Math.max(0, Duration.between(clock.instant(), w).toMillis()))
                .orElse(1_000L);
        var request = inbox.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (request != null) request.run();
        var due = table.nextWakeUp();
        if (due.isPresent() && !clock.instant().isBefore(due.get())) table.tick();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // A bug must not stop the table: log it and carry on with the next request.
        log.error("table {}: unexpected failure", id(), e);
      }
    }
  }

  /** Stops the thread after the requests already queued. */
  @Override
  public void close() {
    inbox.add(() -> running = false);
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
