package dev.pitboss.operator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-process stand-in for the wallet's ReleaseHolds call that records every call. */
final class RecordingHolds implements BuyInHolds {
  record Release(String tournamentKey, String idempotencyKey) {}

  final List<Release> releases = new CopyOnWriteArrayList<>();

  @Override
  public void releaseAll(String tournamentKey, String idempotencyKey) {
    releases.add(new Release(tournamentKey, idempotencyKey));
  }
}
