package dev.pitboss.matchmaker;

import dev.pitboss.crds.TableSpec;
import io.micronaut.serde.annotation.Serdeable;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * Seats a player at a cash table: picks a table by the seating policy, reserves a seat atomically
 * in Redis, holds the buy-in in the wallet and signs the ticket. With no free seat it waits a
 * bounded time while publishing the demand, then answers 503. README, "Seating".
 */
public final class Seating {
  /**
   * Reserves one free seat of one table, atomically. A seat is free when it is not in the table's
   * {@code occupied} list and has no reservation key. The player's reservation at this table type
   * is checked and written in the same script, so one player never holds two seats of a type.
   */
  static final LuaScript RESERVE =
      new LuaScript(
          """
          -- KEYS[1] table hash, KEYS[2] player's reservation at this type, KEYS[2+s] seat s
          -- ARGV: player, ttl ms, table id, reservation id, buy-in, first seat to try (0-based)
          local existing = redis.call('GET', KEYS[2])
          if existing then return {-2, existing} end
          local t = redis.call('HMGET', KEYS[1], 'seats', 'occupied', 'closing', 'address', 'port')
          if not t[1] then return {-1} end
          if t[3] == '1' then return {-3} end
          local n = tonumber(t[1])
          local taken = {}
          if t[2] then for s in string.gmatch(t[2], '%d+') do taken[tonumber(s)] = true end end
          local start = tonumber(ARGV[6])
          for i = 0, n - 1 do
            local seat = ((start + i) % n) + 1
            if not taken[seat] and #KEYS >= 2 + seat then
              if redis.call('SET', KEYS[2 + seat], ARGV[1], 'NX', 'PX', ARGV[2]) then
                local rec = ARGV[3] .. '|' .. seat .. '|' .. ARGV[4] .. '|' .. ARGV[5]
                redis.call('SET', KEYS[2], rec, 'PX', ARGV[2])
                return {seat, rec, t[4], t[5]}
              end
            end
          end
          return {0}
          """);

  /** Undoes a reservation whose hold was refused: deletes only what is still ours. */
  static final LuaScript UNRESERVE =
      new LuaScript(
          """
          if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
          if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
          return 1
          """);

  static final LuaScript DELETE_IF_OWNED =
      new LuaScript(
          "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end"
              + " return 0");

  private static final Duration POLL = Duration.ofMillis(250);
  private static final int PAGE = 16;
  static final Duration FULL_MEMORY = Duration.ofSeconds(1);
  private final Map<String, Long> fullUntil = new ConcurrentHashMap<>();

  private final UnifiedJedis redis;
  private final Catalog catalog;
  private final WalletClient wallet;
  private final TicketSigner tickets;
  private final MatchmakerConfig config;
  private final MatchmakerMetrics metrics;
  private final Clock clock;
  private final SecureRandom random;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

  public Seating(
      UnifiedJedis redis,
      Catalog catalog,
      WalletClient wallet,
      TicketSigner tickets,
      MatchmakerConfig config,
      MatchmakerMetrics metrics,
      Clock clock,
      SecureRandom random) {
    this.redis = redis;
    this.catalog = catalog;
    this.wallet = wallet;
    this.tickets = tickets;
    this.config = config;
    this.metrics = metrics;
    this.clock = clock;
    this.random = random;
  }

  /** What a seated player gets: where to connect and the ticket to show there. */
  @Serdeable
  public record Seat(
      String table,
      int seat,
      String address,
      int port,
      String url,
      String ticket,
      Instant expiresAt,
      long buyIn,
      String currency,
      String hold) {}

  /** Stops waiting requests (they answer 503 at once) before the server closes. */
  public void drain() {
    draining.set(true);
  }

  public int waiting(String ownerPrefix) {
    var n = waiting.get(ownerPrefix);
    return n == null ? 0 : n.get();
  }

  public Seat request(String player, String namespace, String name, long buyIn, Duration wait) {
    long started = System.nanoTime();
    String outcome = "error";
    try {
      var seat = seat(player, namespace, name, buyIn, wait);
      outcome = "seated";
      return seat;
    } catch (ProblemException e) {
      outcome = e.code();
      throw e;
    } finally {
      metrics.seatSeconds.labelValues(outcome).observe((System.nanoTime() - started) / 1e9);
    }
  }

  private Seat seat(String player, String namespace, String name, long buyIn, Duration wait) {
    var table =
        catalog
            .table(namespace, name)
            .orElseThrow(
                () ->
                    ProblemException.notFound(
                        "unknown-table-type",
                        "Unknown table type",
                        "there is no table type " + namespace + "/" + name));
    TableSpec spec = table.getSpec();
    var range = spec.buyIn();
    if (buyIn < range.min() || buyIn > range.max()) {
      throw ProblemException.unprocessable(
          "buy-in-out-of-range",
          "Buy-in out of range",
          "the buy-in "
              + buyIn
              + " is outside "
              + range.min()
              + ".."
              + range.max()
              + " "
              + spec.stakes().currency()
              + " minor units for "
              + namespace
              + "/"
              + name);
    }
    if (wait.isNegative() || wait.compareTo(config.maxSeatWait()) > 0) {
      throw ProblemException.unprocessable(
          "wait-out-of-range",
          "Wait out of range",
          "waitSeconds must be in 0.." + config.maxSeatWait().toSeconds());
    }
    var owner = TableIds.cashOwner(namespace, name);
    var requestKey = Keys.seatRequest(player, owner);
    var token = UUID.randomUUID().toString();
    var ok =
        redis.set(
            requestKey,
            token,
            SetParams.setParams().nx().px(wait.toMillis() + POLL.toMillis() * 4));
    if (!"OK".equals(ok)) {
      throw ProblemException.conflict(
          "seat-request-active",
          "Seat request already active",
          "player " + player + " already has a seat request waiting for " + namespace + "/" + name);
    }
    redis.del(Keys.seatCancel(player, owner));
    var deadline = clock.instant().plus(wait);
    boolean demanded = false;
    var queued = waiting.computeIfAbsent(owner, k -> new AtomicInteger());
    try {
      while (true) {
        var seat = tryReserve(player, owner, spec.seats(), spec.stakes().currency(), buyIn);
        if (seat != null) {
          return seat;
        }
        if (redis.exists(Keys.seatCancel(player, owner))) {
          throw new ProblemException(
              "seat-request-cancelled",
              "Seat request cancelled",
              409,
              "the player left the queue for " + namespace + "/" + name);
        }
        var now = clock.instant();
        if (draining.get() || !now.isBefore(deadline)) {
          throw ProblemException.unavailable(
              "no-free-seat",
              "No free seat",
              "no seat at "
                  + namespace
                  + "/"
                  + name
                  + " became free within "
                  + wait.toSeconds()
                  + " s; the demand was published so more tables open. Ask again.",
              Math.max(1, config.seatWait().toSeconds() / 2));
        }
        if (!demanded) {
          // The demand signal (README, "Demand"): one member per waiting player, scored by when
          // the wait ends, so ZCOUNT from now counts who is still waiting.
          redis.zadd(Keys.demand(owner), deadline.toEpochMilli(), player);
          redis.publish(Keys.DEMAND_CHANNEL, owner);
          queued.incrementAndGet();
          metrics.queue.labelValues(owner).set(queued.get());
          demanded = true;
        }
        Thread.sleep(Math.min(POLL.toMillis(), Duration.between(now, deadline).toMillis() + 1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ProblemException.unavailable(
          "shutting-down", "Shutting down", "the matchmaker is shutting down", 1);
    } finally {
      if (demanded) {
        redis.zrem(Keys.demand(owner), player);
        queued.decrementAndGet();
        metrics.queue.labelValues(owner).set(queued.get());
      }
      redis.del(Keys.seatCancel(player, owner));
      DELETE_IF_OWNED.run(redis, List.of(requestKey), List.of(token));
    }
  }

  /** Leaves the queue: the waiting request answers 409 seat-request-cancelled. */
  public boolean cancel(String player, String namespace, String name) {
    var owner = TableIds.cashOwner(namespace, name);
    if (!redis.exists(Keys.seatRequest(player, owner))) {
      return false;
    }
    redis.set(
        Keys.seatCancel(player, owner),
        "1",
        SetParams.setParams().px(config.maxSeatWait().toMillis() + 5_000));
    redis.zrem(Keys.demand(owner), player);
    return true;
  }

  /**
   * The seating policy: fill tables evenly and avoid opening empty ones. Candidates come from the
   * owner's sorted set (score = free seats, as the game servers advertise): first the tables with
   * players, the one with the most free seats first (players spread evenly and every table gets a
   * game), then, only when none of those has room, the empty tables. Closing tables are skipped by
   * the reservation script. A table this replica just found full (its advertisement does not count
   * reservations) is skipped for {@link #FULL_MEMORY} so a rush does not retry it on every request.
   */
  private Seat tryReserve(String player, String owner, int seats, String currency, long buyIn) {
    var reservationId = UUID.randomUUID().toString();
    var ownerKey = Keys.owner(owner);
    long now = clock.millis();
    double[][] ranges = {{seats - 1, 1}, {Double.POSITIVE_INFINITY, seats}};
    for (var range : ranges) {
      for (int offset = 0; ; offset += PAGE) {
        var page = redis.zrevrangeByScore(ownerKey, range[0], range[1], offset, PAGE);
        for (var tableId : page) {
          var until = fullUntil.get(tableId);
          if (until != null && until > now) {
            continue;
          }
          var keys = new ArrayList<String>(seats + 2);
          keys.add(Keys.table(tableId));
          keys.add(Keys.playerReservation(owner, player));
          for (int s = 1; s <= seats; s++) {
            keys.add(Keys.reservation(tableId, s));
          }
          var result =
              (List<?>)
                  RESERVE.run(
                      redis,
                      keys,
                      List.of(
                          player,
                          Long.toString(config.reservationTtl().toMillis()),
                          tableId,
                          reservationId,
                          Long.toString(buyIn),
                          Integer.toString(random.nextInt(seats))));
          long code = (Long) result.get(0);
          if (code > 0) {
            return holdAndTicket(
                player,
                owner,
                tableId,
                (String) result.get(2),
                Integer.parseInt((String) result.get(3)),
                (int) code,
                reservationId,
                buyIn,
                currency,
                true);
          }
          if (code == -2) {
            return existing(player, owner, (String) result.get(1), buyIn, currency);
          }
          if (code == -1) {
            redis.zrem(ownerKey, tableId); // its game server stopped advertising it
          } else if (code == 0) {
            fullUntil.put(tableId, now + FULL_MEMORY.toMillis());
          }
        }
        if (page.size() < PAGE) {
          break;
        }
      }
    }
    return null;
  }

  /** A retry of a request that already reserved: the same seat and hold, a fresh ticket. */
  private Seat existing(String player, String owner, String record, long buyIn, String currency) {
    var parts = record.split("\\|");
    var tableId = parts[0];
    int seat = Integer.parseInt(parts[1]);
    long heldBuyIn = Long.parseLong(parts[3]);
    if (heldBuyIn != buyIn) {
      throw ProblemException.conflict(
          "reservation-exists",
          "Seat already reserved",
          "player "
              + player
              + " already holds seat "
              + seat
              + " at "
              + tableId
              + " with a buy-in of "
              + heldBuyIn
              + "; join it or wait for the reservation to lapse");
    }
    var ad = TableAd.parse(tableId, redis.hgetAll(Keys.table(tableId)));
    if (ad == null) {
      throw ProblemException.unavailable(
          "table-gone", "Table gone", "the reserved table " + tableId + " is no longer open", 1);
    }
    return holdAndTicket(
        player, owner, tableId, ad.address(), ad.port(), seat, parts[2], buyIn, currency, false);
  }

  private Seat holdAndTicket(
      String player,
      String owner,
      String tableId,
      String address,
      int port,
      int seat,
      String reservationId,
      long buyIn,
      String currency,
      boolean fresh) {
    var reference = "seat/" + tableId + "/" + player + "/" + reservationId;
    try {
      wallet.hold(player, reference, buyIn, currency);
    } catch (RuntimeException e) {
      if (fresh) {
        var record = tableId + "|" + seat + "|" + reservationId + "|" + buyIn;
        UNRESERVE.run(
            redis,
            List.of(Keys.reservation(tableId, seat), Keys.playerReservation(owner, player)),
            List.of(player, record));
      }
      throw e;
    }
    if (fresh) {
      metrics.holds.labelValues("held").inc();
      redis.zadd(
          Keys.PENDING_HOLDS,
          clock.instant().plus(config.reservationTtl()).toEpochMilli(),
          reference);
    }
    var ticket =
        tickets.sign(
            tableId, player, seat, Map.of("buyIn", buyIn, "currency", currency, "hold", reference));
    return new Seat(
        tableId,
        seat,
        address,
        port,
        "ws://" + address + ":" + port + "/ws",
        ticket.token(),
        ticket.expiresAt(),
        buyIn,
        currency,
        reference);
  }
}
