package dev.pitboss.crds.agones;

/** An Agones Counter: a bounded count, e.g. players on a game server. */
public record AgonesCounter(Long count, Long capacity) {}
