package dev.pitboss.matchmaker;

import jakarta.inject.Singleton;

/** Runs the tournament directors of this replica. */
@Singleton
final class Directors implements AutoCloseable {
  void start() {}

  @Override
  public void close() {}
}
