package dev.pitboss.matchmaker;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;

/**
 * A STAND-IN for the tournament side of game servers, on the wire: advertises a tournament's tables
 * in Redis (as the operator would have placed them), reads each table's command stream, and answers
 * on the tournament's results stream exactly as the contract says — hands played by the engine
 * in-process ({@link TableSims}). Never a production path.
 */
final class TournamentTablesStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final UnifiedJedis redis;
  private final String owner;
  private final List<String> tableIds = new ArrayList<>();
  private final Map<String, StreamEntryID> read = new HashMap<>();
  final TableSims sims;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread;
  volatile Throwable failure;
  long lastAdvertised;

  TournamentTablesStandIn(UnifiedJedis redis, String owner, int tables, long seed) {
    this.redis = redis;
    this.owner = owner;
    this.sims = new TableSims(seed);
    for (int t = 1; t <= tables; t++) {
      var id = owner + t;
      tableIds.add(id);
      read.put(Keys.tableCommands(id), new StreamEntryID(0, 0));
    }
    advertise();
    thread = Thread.ofPlatform().name("tournament-standin").start(this::run);
  }

  private void advertise() {
    for (var id : tableIds) {
      var t = sims.tables.get(id);
      if (t != null && t.closed) {
        redis.del(Keys.table(id));
        redis.zrem(Keys.owner(owner), id);
        continue;
      }
      int seated = t == null ? 0 : t.seats.size();
      redis.hset(
          Keys.table(id),
          Map.of(
              "owner",
              owner,
              "server",
              "standin-0",
              "address",
              "127.0.0.1",
              "port",
              "7777",
              "seats",
              "9",
              "occupied",
              "",
              "free",
              Integer.toString(9 - seated),
              "currency",
              "CHIPS",
              "closing",
              "0",
              "updatedAt",
              Long.toString(System.currentTimeMillis())));
      redis.pexpire(Keys.table(id), 15_000);
      redis.zadd(Keys.owner(owner), 9 - seated, id);
    }
    lastAdvertised = System.currentTimeMillis();
  }

  private void run() {
    try {
      while (!stop.get()) {
        if (System.currentTimeMillis() - lastAdvertised > 3_000) {
          advertise();
        }
        var entries =
            redis.xread(XReadParams.xReadParams().count(500).block(50), new HashMap<>(read));
        if (entries != null) {
          for (var stream : entries) {
            for (var e : stream.getValue()) {
              read.put(stream.getKey(), e.getID());
              var table = stream.getKey().substring("pitboss:table-commands:".length());
              var c = new TournamentDirector.Command(table, e.getFields());
              for (var report : sims.apply(c)) {
                publish(
                    switch (report) {
                      case TableSims.Released r ->
                          Map.of(
                              "table",
                              r.table(),
                              "kind",
                              "released",
                              "player",
                              r.player(),
                              "chips",
                              Long.toString(r.chips()));
                      // Asynchronous as the real thing: the player busted in a hand the
                      // director had not read yet when it asked for the release.
                      case TableSims.Refused r ->
                          Map.of(
                              "table",
                              r.table(),
                              "kind",
                              "error",
                              "player",
                              r.player(),
                              "message",
                              r.message());
                      case TableSims.HandReport h ->
                          throw new IllegalStateException("a command never deals a hand");
                    });
              }
            }
          }
        }
        for (var t : List.copyOf(sims.tables.values())) {
          if (sims.canDeal(t)) {
            var h = sims.play(t);
            var stacks = new ArrayList<Map<String, Object>>();
            h.stacks()
                .forEach(
                    (seat, s) ->
                        stacks.add(Map.of("seat", seat, "player", s.player, "stack", s.stack)));
            var busts = new ArrayList<Map<String, Object>>();
            h.busts()
                .forEach(
                    b ->
                        busts.add(
                            Map.of("player", b.player(), "startingStack", b.startingStack())));
            publish(
                Map.of(
                    "table",
                    h.table(),
                    "kind",
                    "hand",
                    "hand",
                    Long.toString(sims.handsDealt),
                    "stacks",
                    JSON.writeValueAsString(stacks),
                    "busts",
                    JSON.writeValueAsString(busts)));
          }
        }
      }
    } catch (Throwable e) {
      failure = e;
    }
  }

  private void publish(Map<String, String> fields) {
    redis.xadd(Keys.tournamentResults(owner), XAddParams.xAddParams(), fields);
  }

  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.join(10_000);
  }
}
