package dev.pitboss.crds.agones;

/** Names fixed by the Agones API. */
public final class Agones {
  public static final String GROUP = "agones.dev";
  public static final String FLEET_LABEL = "agones.dev/fleet";
  public static final String STATE_READY = "Ready";
  public static final String STATE_ALLOCATED = "Allocated";
  public static final String STATE_SHUTDOWN = "Shutdown";

  private Agones() {}
}
