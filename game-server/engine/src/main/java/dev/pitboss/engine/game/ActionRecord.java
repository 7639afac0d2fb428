package dev.pitboss.engine.game;

import java.time.Instant;

/**
 * One accepted action as it was applied: normalized (an {@link Action.AllIn} is recorded as the
 * call, bet or raise it became) so a replay feeds back exactly the same actions.
 */
public record ActionRecord(Street street, int seat, Action action, Instant at, boolean timedOut) {}
