package dev.pitboss.gameserver.table;

import java.util.List;

/**
 * Where a tournament table reports to the tournament director (the matchmaker): after every hand,
 * the stacks and who busted. Players busting in the same hand are ranked by the chips they started
 * it with (more chips, better place; equal chips share the place), as the TDA rules say.
 */
public interface TournamentDirector {

  record Bust(String player, long startingStack) {}

  void handFinished(String table, long hand, List<TableEvent.Stack> stacks, List<Bust> busts);

  /** For cash-only servers and tests that do not follow tournaments. */
  TournamentDirector NONE = (table, hand, stacks, busts) -> {};
}
