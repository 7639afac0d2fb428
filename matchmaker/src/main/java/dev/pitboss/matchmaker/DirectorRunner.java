package dev.pitboss.matchmaker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitboss.crds.Tournament;
import dev.pitboss.crds.TournamentPhase;
import dev.pitboss.wallet.v1.AccountKind;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XReadParams;

/**
 * Directs one tournament from this replica while it holds the tournament's lock: draws the seats
 * when the operator has set the Tournament Running and its tables are advertised, reads the tables'
 * results stream, lets {@link TournamentDirector} decide, and commits the new state together with
 * the commands it produced in one Lua script that first checks the lock is still ours — a fenced
 * lock: a replica that lost the lock (paused, partitioned) can no longer write state or commands.
 * Wallet calls (captures, fees, payouts) carry idempotency keys, so a replica that takes over after
 * a crash repeats them safely.
 */
final class DirectorRunner {
  private static final Logger log = LoggerFactory.getLogger(DirectorRunner.class);
  static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * KEYS: lock, state, then one stream per command. ARGV: token, state, then per command n, k/v…
   */
  static final LuaScript COMMIT =
      new LuaScript(
          """
          if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
          local a = 3
          for i = 3, #KEYS do
            local n = tonumber(ARGV[a])
            local fields = {}
            for j = 1, n do fields[j] = ARGV[a + j] end
            redis.call('XADD', KEYS[i], '*', unpack(fields))
            a = a + n + 1
          end
          redis.call('SET', KEYS[2], ARGV[2])
          return 1
          """);

  static final LuaScript RENEW =
      new LuaScript(
          """
          if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('PEXPIRE', KEYS[1], ARGV[2])
          end
          return 0
          """);

  private final String namespace;
  private final String name;
  private final String key;
  private final String owner;
  private final UnifiedJedis redis;
  private final Catalog catalog;
  private final WalletClient wallet;
  private final MatchmakerConfig config;
  private final MatchmakerMetrics metrics;
  private final Clock clock;
  private final SecureRandom random;
  private final String token = UUID.randomUUID().toString();
  private boolean locked;
  private long lockRenewedAt;
  private TournamentDirector director;
  private int reportedEntrants = -1;
  private int reportedLeft = -1;

  DirectorRunner(
      String namespace,
      String name,
      UnifiedJedis redis,
      Catalog catalog,
      WalletClient wallet,
      MatchmakerConfig config,
      MatchmakerMetrics metrics,
      Clock clock,
      SecureRandom random) {
    this.namespace = namespace;
    this.name = name;
    this.key = Registrations.key(namespace, name);
    this.owner = TableIds.tournamentOwner(namespace, name);
    this.redis = redis;
    this.catalog = catalog;
    this.wallet = wallet;
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
    this.random = random;
  }

  boolean locked() {
    return locked;
  }

  /** Takes or renews the lock; false if another replica directs this tournament. */
  boolean lock() {
    long ttl = config.directorLockTtl().toMillis();
    if (locked) {
      if (clock.millis() - lockRenewedAt < ttl / 3) {
        return true;
      }
      if ((Long)
              RENEW.run(redis, List.of(Keys.directorLock(key)), List.of(token, Long.toString(ttl)))
          == 1) {
        lockRenewedAt = clock.millis();
        return true;
      }
      log.warn("lost the director lock of {}; another replica directs it now", key);
      locked = false;
      director = null;
      return false;
    }
    if ("OK".equals(redis.set(Keys.directorLock(key), token, SetParams.setParams().nx().px(ttl)))) {
      long fence = redis.incr(Keys.directorFence(key));
      log.info("directing tournament {} (fencing token {})", key, fence);
      locked = true;
      lockRenewedAt = clock.millis();
      director = null;
      return true;
    }
    return false;
  }

  void unlock() {
    if (locked) {
      Seating.DELETE_IF_OWNED.run(redis, List.of(Keys.directorLock(key)), List.of(token));
      locked = false;
    }
  }

  /** One round of work; true if it did something (the caller polls again at once). */
  boolean step(Tournament t) {
    if (Registrations.phase(t) != TournamentPhase.Running
        && Registrations.phase(t) != TournamentPhase.Completed) {
      return false;
    }
    if (Registrations.phase(t) == TournamentPhase.Completed
        && director == null
        && !redis.exists(Keys.directorState(key))) {
      return false; // completed without being directed here: nothing to finish
    }
    if (!lock()) {
      return false;
    }
    if (director == null) {
      director = new TournamentDirector(load(t), random);
    }
    var state = director.state();
    boolean worked = false;
    if ("waiting".equals(state.phase)) {
      worked = draw(t);
    } else if ("running".equals(state.phase)) {
      worked = late(t) | results();
    }
    if ("finished".equals(state.phase) && !state.paid) {
      pay(t);
      worked = true;
    }
    report();
    return worked;
  }

  private TournamentDirector.State load(Tournament t) {
    var json = redis.get(Keys.directorState(key));
    if (json != null) {
      try {
        return JSON.readValue(json, TournamentDirector.State.class);
      } catch (IOException e) {
        throw new UncheckedIOException("unreadable director state of " + key, e);
      }
    }
    var spec = t.getSpec();
    var state = new TournamentDirector.State();
    state.seatsPerTable = spec.seats();
    state.startingStack = spec.startingStack();
    state.paidPlaces = spec.payouts().size();
    return state;
  }

  private String prizePool(Tournament t) {
    return wallet.account(
        AccountKind.ACCOUNT_KIND_PRIZE_POOL, owner, t.getSpec().buyIn().currency());
  }

  /**
   * Moves an entrant's buy-in into the prize pool and the fee to the house (one capture with a fee
   * leg); false when the entrant has no hold to capture (its registration did not complete), who is
   * then not seated.
   */
  private boolean capture(Tournament t, String player) {
    var buyIn = t.getSpec().buyIn();
    var reference = Registrations.reference(namespace, name, player);
    var pool = prizePool(t);
    var house =
        wallet.account(AccountKind.ACCOUNT_KIND_HOUSE, WalletClient.HOUSE_OWNER, buyIn.currency());
    try {
      wallet.capture(reference, pool, buyIn.amount(), house, buyIn.fee(), buyIn.currency());
    } catch (StatusRuntimeException e) {
      var code = e.getStatus().getCode();
      if (code == Status.Code.NOT_FOUND || code == Status.Code.FAILED_PRECONDITION) {
        log.warn("{}: no capturable hold for {} ({}); not seated", key, player, e.getMessage());
        return false;
      }
      throw e;
    }
    metrics.holds.labelValues("captured").inc();
    return true;
  }

  private boolean draw(Tournament t) {
    var entrants = new ArrayList<>(redis.hkeys(Keys.entrants(key)));
    entrants.sort(null);
    int needed = Math.max(1, TournamentDirector.ceilDiv(entrants.size(), t.getSpec().seats()));
    var tables =
        new TableAds(redis)
            .of(owner).stream().filter(a -> !a.closing()).map(TableAd::table).toList();
    if (tables.size() < needed) {
      correctEntrants(t, entrants.size());
      return false; // the operator is still opening tables for this tournament
    }
    var seated = new ArrayList<String>();
    for (var player : entrants) {
      if (capture(t, player)) {
        seated.add(player);
      }
    }
    var state = director.state();
    state.prizePool = seated.size() * t.getSpec().buyIn().amount();
    long started = System.nanoTime();
    var commands = director.draw(seated, tables, clock.millis());
    metrics.balancingSeconds.observe((System.nanoTime() - started) / 1e9);
    commit(commands);
    log.info("{}: drew {} entrants onto {} tables", key, seated.size(), needed);
    return true;
  }

  /**
   * The operator opens tables for {@code status.entrants}, which each registration reports as it
   * lands: two reports can arrive in the wrong order, and a registration can land as the start
   * comes, so the count it started with may be short of the entrants on record, the draw then waits
   * for a table nobody opens. The entrants on record are the truth: reported here, the operator
   * opens what the draw needs.
   */
  private void correctEntrants(Tournament t, int entrants) {
    var status = t.getStatus();
    if (status != null
        && Integer.valueOf(entrants).equals(status.entrants())
        && Integer.valueOf(entrants).equals(status.playersLeft())) {
      return;
    }
    log.info(
        "{}: {} entrants on record, {} in the status; reporting them so the tables are opened",
        key,
        entrants,
        status == null ? null : status.entrants());
    catalog.reportPlayers(namespace, name, entrants, entrants);
  }

  private boolean late(Tournament t) {
    var state = director.state();
    var known = new HashSet<>(state.location.keySet());
    state.finishes.forEach(f -> known.add(f.player()));
    state.roundBusts.forEach(b -> known.add(b.player()));
    var commands = new ArrayList<TournamentDirector.Command>();
    var latecomers = new ArrayList<String>();
    for (var player : redis.hkeys(Keys.entrants(key))) {
      if (!known.contains(player)) {
        latecomers.add(player);
      }
    }
    latecomers.sort(null);
    for (var player : latecomers) {
      if (capture(t, player)) {
        state.prizePool += t.getSpec().buyIn().amount();
        commands.addAll(director.addLate(player));
      }
    }
    if (latecomers.isEmpty()) {
      return false;
    }
    commit(commands);
    return true;
  }

  private boolean results() {
    var state = director.state();
    var read =
        redis.xread(
            XReadParams.xReadParams().count(200),
            Map.of(Keys.tournamentResults(owner), new StreamEntryID(state.lastResultId)));
    if (read == null || read.isEmpty()) {
      return false;
    }
    var commands = new ArrayList<TournamentDirector.Command>();
    int movesBefore = state.moves;
    for (var stream : read) {
      for (var entry : stream.getValue()) {
        var f = entry.getFields();
        long started = System.nanoTime();
        commands.addAll(apply(f));
        metrics.balancingSeconds.observe((System.nanoTime() - started) / 1e9);
        state.lastResultId = entry.getID().toString();
        if (!"running".equals(state.phase)) {
          break;
        }
      }
    }
    if (state.moves > movesBefore) {
      metrics.balancingMoves.labelValues("table").inc(state.moves - movesBefore);
    }
    commit(commands);
    return true;
  }

  private List<TournamentDirector.Command> apply(Map<String, String> f) {
    var table = f.get("table");
    try {
      return switch (f.getOrDefault("kind", "")) {
        case "hand" -> {
          var stacks = new TreeMap<Integer, TournamentDirector.Seat>();
          for (var s :
              JSON.readValue(
                  f.getOrDefault("stacks", "[]"),
                  new TypeReference<List<Map<String, Object>>>() {})) {
            stacks.put(
                ((Number) s.get("seat")).intValue(),
                seat((String) s.get("player"), ((Number) s.get("stack")).longValue()));
          }
          var busts = new ArrayList<TournamentDirector.Bust>();
          for (var b :
              JSON.readValue(
                  f.getOrDefault("busts", "[]"),
                  new TypeReference<List<Map<String, Object>>>() {})) {
            busts.add(
                new TournamentDirector.Bust(
                    (String) b.get("player"), ((Number) b.get("startingStack")).longValue()));
          }
          var bigBlind = f.get("bigBlind");
          yield director.onHand(
              table, bigBlind == null ? null : Integer.valueOf(bigBlind), stacks, busts);
        }
        case "released" ->
            director.onReleased(
                table, f.get("player"), Long.parseLong(f.getOrDefault("chips", "0")));
        case "error" -> {
          log.warn("{}: table {} reports an error: {}", key, table, f.get("message"));
          yield f.get("player") == null ? List.of() : director.onRefused(table, f.get("player"));
        }
        default -> List.of();
      };
    } catch (IOException | RuntimeException e) {
      log.warn("{}: unreadable result from {} skipped: {} ({})", key, table, f, e.toString());
      return List.of();
    }
  }

  private static TournamentDirector.Seat seat(String player, long stack) {
    var s = new TournamentDirector.Seat();
    s.player = player;
    s.stack = stack;
    return s;
  }

  private void pay(Tournament t) {
    var state = director.state();
    var currency = t.getSpec().buyIn().currency();
    var prizes = Payouts.split(state.prizePool, t.getSpec().payouts(), state.finishes);
    var legs = new ArrayList<WalletClient.Move>();
    legs.add(new WalletClient.Move(prizePool(t), -state.prizePool));
    prizes.forEach(
        (player, amount) ->
            legs.add(new WalletClient.Move(wallet.player(player, currency), amount)));
    wallet.transfer("payout:" + key, owner + "payouts", currency, legs);
    state.paid = true;
    commit(List.of());
    log.info("{}: paid {} {} to {} players", key, state.prizePool, currency, prizes.size());
  }

  /** Writes the state and sends the commands, atomically, if the lock is still ours. */
  private void commit(List<TournamentDirector.Command> commands) {
    String json;
    try {
      json = JSON.writeValueAsString(director.state());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var keys = new ArrayList<String>();
    keys.add(Keys.directorLock(key));
    keys.add(Keys.directorState(key));
    var args = new ArrayList<String>();
    args.add(token);
    args.add(json);
    for (var c : commands) {
      keys.add(Keys.tableCommands(c.table()));
      args.add(Integer.toString(c.fields().size() * 2));
      c.fields()
          .forEach(
              (k, v) -> {
                args.add(k);
                args.add(v);
              });
    }
    if ((Long) COMMIT.run(redis, keys, args) != 1) {
      locked = false;
      director = null;
      throw new IllegalStateException(
          "lost the director lock of " + key + " before committing; nothing was written");
    }
  }

  private void report() {
    var state = director.state();
    int entrants = state.entrants;
    int left = state.playersLeft();
    if ("waiting".equals(state.phase) || (entrants == reportedEntrants && left == reportedLeft)) {
      return;
    }
    catalog.reportPlayers(namespace, name, entrants, left);
    reportedEntrants = entrants;
    reportedLeft = left;
  }

  /** Where a player sits (or is being moved to), from the committed state. */
  static TableSeat where(UnifiedJedis redis, String tournamentKey, String player) {
    var state = committed(redis, tournamentKey);
    if (state == null) {
      return null;
    }
    var tableId = state.location.get(player);
    if (tableId == null) {
      return null;
    }
    var table = state.tables.get(tableId);
    for (var e : table.seats.entrySet()) {
      if (e.getValue().player.equals(player) && !table.releasing.contains(player)) {
        return new TableSeat(tableId, e.getKey());
      }
    }
    for (var e : table.incoming.entrySet()) {
      if (e.getValue().equals(player)) {
        return new TableSeat(tableId, e.getKey());
      }
    }
    return null;
  }

  /** The director's last committed state of a tournament; null before its director first ran. */
  static TournamentDirector.State committed(UnifiedJedis redis, String tournamentKey) {
    var json = redis.get(Keys.directorState(tournamentKey));
    if (json == null) {
      return null;
    }
    try {
      return JSON.readValue(json, TournamentDirector.State.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record TableSeat(String table, int seat) {}
}
