package dev.pitboss.crds;

/** Scheduled → Registering → Running → Completed, or Cancelled from any phase before Completed. */
public enum TournamentPhase {
  Scheduled,
  Registering,
  Running,
  Completed,
  Cancelled;

  public boolean isFinal() {
    return this == Completed || this == Cancelled;
  }
}
