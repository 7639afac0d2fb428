package dev.pitboss.gameserver.table;

import java.util.Map;

/**
 * A cash table's money, one escrow account per seat in the wallet. Chips at the table are money in
 * escrow: the ledger holds each seat's chips as of the last settled hand, so a hand that never
 * settles (a crash mid-hand) leaves every player's chips where they were before it.
 */
public interface Bank {

  /**
   * Captures the player's buy-in hold into the seat's escrow.
   *
   * @return the chips at the seat afterwards
   * @throws MoneyException if the hold is missing, already used or of another amount
   */
  long buyIn(int seat, String player, String holdReference, long amount);

  /**
   * Settles a finished hand in one balanced transfer: each seat's escrow moves by its delta and the
   * rake goes to the house; the hand's history (JSON, with its deck commitment and reveals) is
   * stored with the transfer, append-only. Idempotent on {@code hand}: a retry after an unknown
   * outcome is safe.
   */
  void settle(long hand, Map<Integer, Long> deltas, long rake, String history);

  /** Moves a leaving player's chips from the seat's escrow back to the player's account. */
  void cashOut(int seat, String player, long amount);

  /** A refusal the caller can tell the player about; the ledger did not change. */
  final class MoneyException extends RuntimeException {
    public MoneyException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
