package dev.pitboss.operator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process stand-in for the wallet's ReleaseHolds call that records every call; {@link
 * #failWith} makes every call fail, as a wallet that is down does.
 */
final class RecordingHolds implements BuyInHolds {
  record Release(String tournamentKey, String idempotencyKey) {}

  final List<Release> releases = new CopyOnWriteArrayList<>();
  private volatile String failure;

  /** Every release fails with this message from now on; null makes them succeed again. */
  void failWith(String message) {
    failure = message;
  }

  @Override
  public void releaseAll(String tournamentKey, String idempotencyKey) {
    if (failure != null) throw new IllegalStateException(failure);
    releases.add(new Release(tournamentKey, idempotencyKey));
  }
}
