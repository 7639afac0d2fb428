package dev.pitboss.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this operator placed or closed that the informer's cache may not show yet (Kubernetes'
 * controller "expectations"). An allocation's answer is final when it returns, but the GameServer
 * update reaches the cache a moment later; planning on that stale view would place the same table
 * again. Rather than re-list every game server of the region before each change — a cost that grows
 * with the fleet, paid once per placement — a reconcile plans on the cache corrected by this
 * record.
 *
 * <p>An entry ends when the cache shows it. One the cache never shows within {@link #PATIENCE} (the
 * server was deleted in between, say), or an allocation whose answer was lost, makes the owner
 * <em>uncertain</em>: its next pass reads the game servers fresh from the API server, as a new
 * operator does on start.
 */
final class PendingPlacements {
  static final Duration PATIENCE = Duration.ofSeconds(30);

  private record Entry(OpenTable table, boolean open, Instant at) {}

  private final Clock clock;
  private final Map<Owner, Map<String, Entry>> pending = new ConcurrentHashMap<>();
  private final Set<Owner> uncertain = ConcurrentHashMap.newKeySet();

  PendingPlacements(Clock clock) {
    this.clock = clock;
  }

  void placed(Owner owner, OpenTable table) {
    entries(owner).put(key(table), new Entry(table, true, clock.instant()));
  }

  void closed(Owner owner, OpenTable table) {
    entries(owner).put(key(table), new Entry(table, false, clock.instant()));
  }

  /** An allocation for the owner failed without an answer: it may have been placed all the same. */
  void lostAnswer(Owner owner) {
    uncertain.add(owner);
  }

  /** The owner's state is known fresh from the API server: nothing is pending any more. */
  void refreshed(Owner owner) {
    uncertain.remove(owner);
    pending.remove(owner);
  }

  /**
   * The owner's open tables as the cache shows them, with its pending placements added and its
   * pending closes taken out; empty if only a fresh read can tell.
   */
  Optional<List<OpenTable>> view(Owner owner, List<OpenTable> cached) {
    if (uncertain.contains(owner)) return Optional.empty();
    var entries = pending.get(owner);
    if (entries == null || entries.isEmpty()) return Optional.of(cached);
    var shown = new HashSet<String>();
    for (var table : cached) shown.add(key(table));
    var deadline = clock.instant().minus(PATIENCE);
    var view = new ArrayList<OpenTable>();
    for (var table : cached) {
      var entry = entries.get(key(table));
      if (entry == null || entry.open()) view.add(table);
    }
    for (var it = entries.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      var entry = e.getValue();
      if (entry.open() == shown.contains(e.getKey())) {
        it.remove();
      } else if (entry.at().isBefore(deadline)) {
        uncertain.add(owner);
        return Optional.empty();
      } else if (entry.open()) {
        view.add(entry.table());
      }
    }
    view.sort(Comparator.comparingInt(t -> Owner.indexOf(t.id())));
    return Optional.of(List.copyOf(view));
  }

  /** One table id can be on two servers (a placement whose answer was lost, then retried). */
  private static String key(OpenTable table) {
    return table.id() + "@" + table.gameServer();
  }

  private Map<String, Entry> entries(Owner owner) {
    return pending.computeIfAbsent(owner, o -> new ConcurrentHashMap<>());
  }
}
