package dev.pitboss.gameserver.table;

import java.util.List;

/**
 * Where a tournament table reports to the tournament director (the matchmaker): after every hand,
 * the stacks and who busted; and each player released for a move, with their chips. Players busting
 * in the same hand are ranked by the chips they started it with (more chips, better place; equal
 * chips share the place), as the TDA rules say.
 */
public interface TournamentDirector {

  record Bust(String player, long startingStack) {}

  /**
   * A hand ended: {@code bigBlind} is the seat that posted its big blind (the director moves the
   * player who would be big blind next when it balances), then every stack and the busts.
   */
  void handFinished(
      String table, long hand, int bigBlind, List<TableEvent.Stack> stacks, List<Bust> busts);

  /**
   * A player the director asked to release left the table with {@code chips} (0: not seated here).
   * Between hands that is at once; a player in a hand leaves when it ends, after its results.
   */
  default void released(String table, String player, long chips) {}

  /** For cash-only servers and tests that do not follow tournaments. */
  TournamentDirector NONE = (table, hand, bigBlind, stacks, busts) -> {};
}
