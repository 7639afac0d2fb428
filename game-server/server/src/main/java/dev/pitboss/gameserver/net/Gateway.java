package dev.pitboss.gameserver.net;

import dev.pitboss.gameserver.ops.GameServerMetrics;
import dev.pitboss.gameserver.table.TableActor;
import dev.pitboss.gameserver.ticket.TicketVerifier;
import java.time.Clock;
import java.util.Optional;

/** What a connection needs from the server around it. */
public interface Gateway {

  Optional<TableActor> table(String id);

  /** False while draining: no new seats, play goes on. */
  boolean accepting();

  TicketVerifier tickets();

  Sessions sessions();

  GameServerMetrics metrics();

  Clock clock();

  /**
   * A ticket seated {@code player} at a cash table with a fresh buy-in: its reservation is used.
   */
  default void boughtIn(String table, String owner, int seat, String player) {}

  /** A fresh limit for one connection. */
  RateLimit rateLimit();
}
