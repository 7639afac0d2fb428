package dev.pitboss.gameserver.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A table's recent events, numbered from 1 without gaps, so a client that lost its connection can
 * resume from the last number it saw. Old events fall out; a client further behind than that takes
 * a fresh snapshot instead. Written by the table's thread, read by connection threads.
 */
public final class EventLog {

  public record Sequenced(long seq, TableEvent event) {}

  private final Sequenced[] ring;
  private long last;

  public EventLog(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
    this.ring = new Sequenced[capacity];
  }

  public synchronized Sequenced append(TableEvent event) {
    var s = new Sequenced(++last, event);
    ring[(int) (s.seq() % ring.length)] = s;
    return s;
  }

  public synchronized long last() {
    return last;
  }

  /** The events after {@code seq}, or empty if some of them are no longer kept. */
  public synchronized Optional<List<Sequenced>> after(long seq) {
    if (seq < 0 || seq > last) return Optional.empty();
    if (last - seq > ring.length) return Optional.empty();
    var events = new ArrayList<Sequenced>((int) (last - seq));
    for (long k = seq + 1; k <= last; k++) events.add(ring[(int) (k % ring.length)]);
    return Optional.of(events);
  }
}
