package dev.pitboss.crds;

/** The one-word summary {@code kubectl get tables} shows. */
public enum TablePhase {
  /** Open tables are within bounds and the requested free seats are open. */
  Ready,
  /** Tables are being placed or closed. */
  Scaling,
  /** The fleet has no game server with room; the autoscaler has been asked for more. */
  NoCapacity
}
