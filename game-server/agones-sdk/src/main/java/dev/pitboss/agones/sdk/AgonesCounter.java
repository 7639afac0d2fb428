package dev.pitboss.agones.sdk;

import java.util.Objects;

/**
 * An Agones Counter (beta Counters and Lists).
 *
 * @param name the counter's key in the GameServer's {@code status.counters}
 * @param count its current count, between 0 and {@code capacity}
 * @param capacity its capacity
 */
public record AgonesCounter(String name, long count, long capacity) {
  public AgonesCounter {
    Objects.requireNonNull(name, "name");
  }
}
