package dev.pitboss.gameserver.lobby;

import dev.pitboss.crds.TableRules;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XAddParams;

/**
 * What the matchmaker and observers read about this server's tables, in Redis:
 *
 * <ul>
 *   <li>{@code pitboss:table:<id>}: a hash of the table's address, stakes and seats, refreshed
 *       every heartbeat with a TTL of three heartbeats, so it vanishes when the server dies;
 *   <li>{@code pitboss:owner:<ownerPrefix>}: the owner's tables scored by free seats;
 *   <li>{@code pitboss:events:<id>}: a stream of the table's public events (capped), for observers
 *       and the lobby's live view.
 * </ul>
 *
 * Tables tell it about changes from their own threads; one writer thread sends them, pipelined, so
 * a slow Redis never holds up a hand.
 */
public final class RedisLobby implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisLobby.class);
  private static final int STREAM_LENGTH = 1_000;

  /** A table as advertised. {@code occupied}: seat numbers seated now. */
  public record Listing(
      String table,
      TableRules rules,
      String server,
      String address,
      int port,
      List<Integer> occupied,
      boolean closing) {}

  private sealed interface Write {
    record Advertise(Listing listing) implements Write {}

    record Withdraw(String table, String owner) implements Write {}

    record Event(String table, String json) implements Write {}

    record ReservationUsed(String table, String owner, int seat, String player) implements Write {}
  }

  /** Deletes the matchmaker's reservation keys for a seat, if they still name this player. */
  private static final String END_RESERVATION =
      """
      if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
      local r = redis.call('GET', KEYS[2])
      if r and string.sub(r, 1, string.len(ARGV[2])) == ARGV[2] then redis.call('DEL', KEYS[2]) end
      return 1
      """;

  private final UnifiedJedis redis;
  private final Clock clock;
  private final Duration heartbeat;
  private final Map<String, Listing> listings = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<Write> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean running = true;

  public RedisLobby(UnifiedJedis redis, Clock clock, Duration heartbeat) {
    this.redis = redis;
    this.clock = clock;
    this.heartbeat = heartbeat;
    this.writer = Thread.ofVirtual().name("redis-lobby").start(this::run);
  }

  public void advertise(Listing listing) {
    listings.put(listing.table(), listing);
    queue.add(new Write.Advertise(listing));
  }

  public void withdraw(String table) {
    var listing = listings.remove(table);
    if (listing != null) queue.add(new Write.Withdraw(table, listing.rules().owner()));
  }

  /**
   * A ticket seated its player with a fresh buy-in: the matchmaker's reservation of that seat is
   * used up, so a later request from the player reserves afresh instead of getting the spent hold
   * back (matchmaker README, "Contracts with the game server").
   */
  public void reservationUsed(String table, String owner, int seat, String player) {
    queue.add(new Write.ReservationUsed(table, owner, seat, player));
  }

  public void publicEvent(String table, String json) {
    queue.add(new Write.Event(table, json));
  }

  private void run() {
    long nextBeat = 0;
    while (running || !queue.isEmpty()) {
      try {
        long now = clock.millis();
        if (now >= nextBeat) {
          listings.values().forEach(l -> queue.add(new Write.Advertise(l)));
          nextBeat = now + heartbeat.toMillis();
        }
        var first = queue.poll(Math.max(1, nextBeat - now), TimeUnit.MILLISECONDS);
        if (first == null) continue;
        var batch = new java.util.ArrayList<Write>();
        batch.add(first);
        queue.drainTo(batch, 511);
        send(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // Redis away: the lobby is stale until it is back; play goes on.
        log.warn("lobby update failed: {}", e.toString());
      }
    }
  }

  private void send(List<Write> batch) {
    try (var pipe = redis.pipelined()) {
      long ttl = heartbeat.toMillis() * 3;
      for (var w : batch) {
        switch (w) {
          case Write.Advertise(var l) -> {
            var key = "pitboss:table:" + l.table();
            pipe.hset(key, fields(l));
            pipe.pexpire(key, ttl);
            pipe.zadd("pitboss:owner:" + l.rules().owner(), free(l), l.table());
          }
          case Write.Withdraw(var table, var owner) -> {
            pipe.del("pitboss:table:" + table);
            pipe.zrem("pitboss:owner:" + owner, table);
          }
          case Write.ReservationUsed(var table, var owner, var seat, var player) ->
              pipe.eval(
                  END_RESERVATION,
                  List.of(
                      "pitboss:reservation:" + table + ":" + seat,
                      "pitboss:player-reservation:" + owner + player),
                  List.of(player, table + "|" + seat + "|"));
          case Write.Event(var table, var json) ->
              pipe.xadd(
                  "pitboss:events:" + table,
                  XAddParams.xAddParams().maxLen(STREAM_LENGTH).approximateTrimming(),
                  Map.of("event", json));
        }
      }
      pipe.sync();
    }
  }

  private Map<String, String> fields(Listing l) {
    var f = new HashMap<String, String>();
    f.put("owner", l.rules().owner());
    f.put("server", l.server());
    f.put("address", l.address());
    f.put("port", Integer.toString(l.port()));
    f.put("seats", Integer.toString(l.rules().seats()));
    f.put("occupied", String.join(",", l.occupied().stream().map(String::valueOf).toList()));
    f.put("free", Integer.toString((int) free(l)));
    f.put("closing", l.closing() ? "1" : "0");
    f.put("updatedAt", Long.toString(clock.millis()));
    var cash = l.rules().cash();
    if (cash != null) {
      f.put("currency", cash.currency());
      f.put("smallBlind", Long.toString(cash.smallBlind()));
      f.put("bigBlind", Long.toString(cash.bigBlind()));
      f.put("minBuyIn", Long.toString(cash.minBuyIn()));
      f.put("maxBuyIn", Long.toString(cash.maxBuyIn()));
    } else {
      f.put("currency", "CHIPS");
    }
    return f;
  }

  private static double free(Listing l) {
    return l.closing() ? 0 : l.rules().seats() - l.occupied().size();
  }

  @Override
  public void close() {
    running = false;
    try {
      writer.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
