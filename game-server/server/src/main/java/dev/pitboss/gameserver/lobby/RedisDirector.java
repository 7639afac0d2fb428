package dev.pitboss.gameserver.lobby;

import dev.pitboss.crds.TableRules;
import dev.pitboss.gameserver.host.TableHost;
import dev.pitboss.gameserver.table.Table;
import dev.pitboss.gameserver.table.TableEvent;
import dev.pitboss.gameserver.table.TournamentDirector;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XReadParams;
import tools.jackson.databind.json.JsonMapper;

/**
 * The game server's side of the tournament director interface (game-server/PROTOCOL.md, "Tournament
 * director"), over Redis Streams: commands arrive on {@code pitboss:table-commands:<tableId>}, and
 * results (every hand's stacks and busts, seats taken and released, refusals) go to {@code
 * pitboss:tournament-results:<ownerPrefix>}. A table reads its command stream from the start, so a
 * table reopened after a crash replays its commands; every command is idempotent.
 */
public final class RedisDirector implements TournamentDirector, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RedisDirector.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final UnifiedJedis redis;
  private final Map<String, StreamEntryID> positions = new HashMap<>();
  private volatile boolean running = true;
  private Thread reader;

  public RedisDirector(UnifiedJedis redis) {
    this.redis = redis;
  }

  /** Starts reading the command streams of the host's tournament tables. */
  public void attach(TableHost host) {
    reader = Thread.ofVirtual().name("director-commands").start(() -> read(host));
  }

  @Override
  public void handFinished(
      String table, long hand, int bigBlind, List<TableEvent.Stack> stacks, List<Bust> busts) {
    report(
        table,
        Map.of(
            "kind", "hand",
            "hand", Long.toString(hand),
            "bigBlind", Integer.toString(bigBlind),
            "stacks", JSON.writeValueAsString(stacks),
            "busts", JSON.writeValueAsString(busts)));
  }

  @Override
  public void released(String table, String player, long chips) {
    report(table, Map.of("kind", "released", "player", player, "chips", Long.toString(chips)));
  }

  private void report(String table, Map<String, String> fields) {
    var entry = new HashMap<>(fields);
    entry.put("table", table);
    redis.xadd(
        "pitboss:tournament-results:" + TableRules.ownerOf(table), StreamEntryID.NEW_ENTRY, entry);
  }

  private void read(TableHost host) {
    while (running) {
      try {
        var streams = new HashMap<String, StreamEntryID>();
        for (var id : host.tableIds()) {
          if (!id.startsWith("tournament/")) continue;
          streams.put(
              "pitboss:table-commands:" + id, positions.getOrDefault(id, new StreamEntryID()));
        }
        if (streams.isEmpty()) {
          Thread.sleep(200);
          continue;
        }
        var read = redis.xread(XReadParams.xReadParams().block(500).count(100), streams);
        if (read == null) continue;
        for (var stream : read) {
          var table = stream.getKey().substring("pitboss:table-commands:".length());
          for (var entry : stream.getValue()) {
            positions.put(table, entry.getID());
            apply(host, table, entry.getFields());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (running) log.warn("director commands: {}", e.toString());
      }
    }
  }

  private void apply(TableHost host, String tableId, Map<String, String> command) {
    var actor = host.table(tableId).orElse(null);
    if (actor == null) return;
    var cmd = command.getOrDefault("cmd", "");
    Function<Table, Map<String, String>> action =
        switch (cmd) {
          case "seat" ->
              t -> {
                var player = command.get("player");
                int seat = Integer.parseInt(command.get("seat"));
                if (t.seatOf(player).filter(s -> s == seat).isEmpty())
                  t.seatDirected(player, seat, Long.parseLong(command.get("chips")));
                return Map.of("kind", "seated", "player", player, "seat", Integer.toString(seat));
              };
          case "release" ->
              t -> {
                // Answered through released(), at once or when the player's hand ends.
                t.release(command.get("player"));
                return null;
              };
          case "start" ->
              t -> {
                t.startClock(Instant.ofEpochMilli(Long.parseLong(command.get("at"))));
                return Map.of("kind", "started");
              };
          case "handForHand" ->
              t -> {
                t.handForHand("1".equals(command.get("on")));
                return Map.of("kind", "handForHand", "on", command.getOrDefault("on", "0"));
              };
          case "deal" ->
              t -> {
                t.allowDeal();
                return Map.of("kind", "dealing");
              };
          case "close" ->
              t -> {
                t.close("the tournament director closed the table");
                return Map.of("kind", "closed");
              };
          default -> t -> Map.of("kind", "error", "message", "unknown command: " + cmd);
        };
    actor
        .ask(action)
        .whenComplete(
            (result, failure) -> {
              if (failure != null) {
                var cause = failure.getCause() == null ? failure : failure.getCause();
                var error = new HashMap<String, String>();
                error.put("kind", "error");
                error.put("message", cmd + ": " + cause.getMessage());
                // The director must know whose seat or release was refused.
                if (command.containsKey("player")) error.put("player", command.get("player"));
                report(tableId, error);
              } else if (result != null) report(tableId, result);
            });
  }

  @Override
  public void close() {
    running = false;
    if (reader != null) reader.interrupt();
  }
}
