package dev.pitboss.agones.sdk;

import java.util.List;
import java.util.Objects;

/**
 * An Agones List (beta Counters and Lists): a bounded set of string values, kept in insertion
 * order.
 *
 * @param name the list's key in the GameServer's {@code status.lists}
 * @param capacity the most values it may hold (Agones allows 0 to 1000)
 * @param values its values, no duplicates, never more than {@code capacity}
 */
public record AgonesList(String name, long capacity, List<String> values) {
  public AgonesList {
    Objects.requireNonNull(name, "name");
    values = List.copyOf(values);
  }

  /** How many more values fit. */
  public long free() {
    return Math.max(0, capacity - values.size());
  }

  public boolean contains(String value) {
    return values.contains(value);
  }
}
