package dev.pitboss.wallet;

import java.util.UUID;

/**
 * One account's change inside a transfer: {@code delta} moves its balance (a posting), {@code
 * heldDelta} moves its reserved funds (capturing a hold frees what it reserved).
 */
record Leg(UUID account, long delta, long heldDelta, String currency) {}
