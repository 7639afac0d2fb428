package dev.pitboss.matchmaker;

import dev.pitboss.crds.Tournament;
import dev.pitboss.crds.TournamentPhase;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * Tournament registration: one entry per player (the CRD has no re-entry), buy-in + fee held in the
 * wallet under {@code tournament/<ns>/<name>/player/<playerId>}, while the Tournament is
 * Registering or, once Running, until {@code registration.lateClosesAt}. The entry and its
 * idempotency key are written atomically (Lua) before the hold, and removed again if the hold is
 * refused, so a refusal leaves nothing behind.
 */
public final class Registrations {
  /** KEYS: entrants hash, idempotency-key hash. ARGV: player, max, entry JSON, key or "". */
  static final LuaScript REGISTER =
      new LuaScript(
          """
          if ARGV[4] ~= '' then
            local owner = redis.call('HGET', KEYS[2], ARGV[4])
            if owner then
              if owner == ARGV[1] then return {2, redis.call('HGET', KEYS[1], ARGV[1]) or ''} end
              return {-3}
            end
          end
          if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return {-1} end
          if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[2]) then return {-2} end
          redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
          if ARGV[4] ~= '' then redis.call('HSET', KEYS[2], ARGV[4], ARGV[1]) end
          return {1, ARGV[3]}
          """);

  /** KEYS: entrants hash, idempotency-key hash. ARGV: player, entry JSON, key or "". */
  static final LuaScript UNREGISTER =
      new LuaScript(
          """
          if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
          redis.call('HDEL', KEYS[1], ARGV[1])
          for _, k in ipairs(redis.call('HKEYS', KEYS[2])) do
            if redis.call('HGET', KEYS[2], k) == ARGV[1] then redis.call('HDEL', KEYS[2], k) end
          end
          return 1
          """);

  private final UnifiedJedis redis;
  private final Catalog catalog;
  private final WalletClient wallet;
  private final MatchmakerMetrics metrics;
  private final Clock clock;

  public Registrations(
      UnifiedJedis redis,
      Catalog catalog,
      WalletClient wallet,
      MatchmakerMetrics metrics,
      Clock clock) {
    this.redis = redis;
    this.catalog = catalog;
    this.wallet = wallet;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Serdeable
  public record Registration(
      String tournament,
      String player,
      String hold,
      long buyIn,
      long fee,
      String currency,
      String registeredAt,
      boolean replayed) {}

  static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  static String reference(String namespace, String name, String player) {
    return TableIds.tournamentOwner(namespace, name) + "player/" + player;
  }

  Tournament tournament(String namespace, String name) {
    return catalog
        .tournament(namespace, name)
        .orElseThrow(
            () ->
                ProblemException.notFound(
                    "unknown-tournament",
                    "Unknown tournament",
                    "there is no tournament " + namespace + "/" + name));
  }

  static TournamentPhase phase(Tournament t) {
    return t.getStatus() == null || t.getStatus().phase() == null
        ? TournamentPhase.Scheduled
        : t.getStatus().phase();
  }

  /** Whether a player may register now: Registering, or Running before late registration ends. */
  boolean open(Tournament t) {
    return switch (phase(t)) {
      case Registering -> true;
      case Running -> {
        var reg = t.getSpec().registration();
        yield reg != null
            && reg.lateClosesAt() != null
            && clock.instant().isBefore(Instant.parse(reg.lateClosesAt()));
      }
      default -> false;
    };
  }

  public Registration register(String player, String namespace, String name, String idemKey) {
    var t = tournament(namespace, name);
    if (idemKey != null && (idemKey.isEmpty() || idemKey.length() > 128)) {
      throw ProblemException.badRequest(
          "invalid-idempotency-key",
          "Invalid Idempotency-Key",
          "Idempotency-Key must be 1-128 characters");
    }
    var tk = key(namespace, name);
    var spec = t.getSpec();
    if (!open(t)) {
      // A replay of a registration that succeeded before it closed still answers its result.
      var replay = idemKey == null ? null : redis.hget(Keys.registrationKeys(tk), idemKey);
      if (player.equals(replay)) {
        return registration(namespace, name, player, redis.hget(Keys.entrants(tk), player), true);
      }
      throw ProblemException.conflict(
          "registration-closed",
          "Registration closed",
          "registration for " + tk + " is not open (phase " + phase(t) + ")");
    }
    var entry = "{\"at\":\"" + clock.instant() + "\"}";
    var result =
        (List<?>)
            REGISTER.run(
                redis,
                List.of(Keys.entrants(tk), Keys.registrationKeys(tk)),
                List.of(
                    player,
                    Integer.toString(spec.players().max()),
                    entry,
                    idemKey == null ? "" : idemKey));
    long code = (Long) result.get(0);
    if (code == 2) {
      return registration(namespace, name, player, (String) result.get(1), true);
    }
    if (code == -1) {
      throw ProblemException.conflict(
          "already-registered", "Already registered", player + " is already registered for " + tk);
    }
    if (code == -2) {
      throw ProblemException.conflict(
          "registration-full",
          "Registration full",
          tk + " already has its maximum of " + spec.players().max() + " entrants");
    }
    if (code == -3) {
      throw new ProblemException(
          "idempotency-key-reused",
          "Idempotency-Key reused",
          422,
          "this Idempotency-Key was used by another player's registration");
    }
    var reference = reference(namespace, name, player);
    try {
      wallet.hold(
          player, reference, spec.buyIn().amount() + spec.buyIn().fee(), spec.buyIn().currency());
    } catch (RuntimeException e) {
      UNREGISTER.run(
          redis, List.of(Keys.entrants(tk), Keys.registrationKeys(tk)), List.of(player, entry));
      throw e;
    }
    metrics.registrations.labelValues("registered").inc();
    report(t);
    return registration(namespace, name, player, entry, false);
  }

  public void unregister(String player, String namespace, String name) {
    var t = tournament(namespace, name);
    var tk = key(namespace, name);
    var entry = redis.hget(Keys.entrants(tk), player);
    if (entry == null) {
      throw ProblemException.notFound(
          "not-registered", "Not registered", player + " is not registered for " + tk);
    }
    if (phase(t) != TournamentPhase.Registering) {
      throw ProblemException.conflict(
          "registration-closed",
          "Registration closed",
          "unregistering from " + tk + " is only possible before it starts");
    }
    wallet.release(reference(namespace, name, player));
    UNREGISTER.run(
        redis, List.of(Keys.entrants(tk), Keys.registrationKeys(tk)), List.of(player, entry));
    metrics.registrations.labelValues("unregistered").inc();
    report(t);
  }

  public String entry(String player, String namespace, String name) {
    return redis.hget(Keys.entrants(key(namespace, name)), player);
  }

  public List<String> entrants(String namespace, String name) {
    return List.copyOf(redis.hkeys(Keys.entrants(key(namespace, name))));
  }

  /** Before the start, entrants and players left are both the number registered. */
  private void report(Tournament t) {
    if (phase(t) == TournamentPhase.Registering || phase(t) == TournamentPhase.Scheduled) {
      String namespace = t.getMetadata().getNamespace();
      String name = t.getMetadata().getName();
      catalog.reportRegistered(
          namespace, name, () -> (int) redis.hlen(Keys.entrants(key(namespace, name))));
    }
  }

  private Registration registration(
      String namespace, String name, String player, String entry, boolean replayed) {
    var spec = tournament(namespace, name).getSpec();
    var at = entry == null ? null : entry.replaceAll(".*\"at\":\"([^\"]*)\".*", "$1");
    return new Registration(
        key(namespace, name),
        player,
        reference(namespace, name, player),
        spec.buyIn().amount(),
        spec.buyIn().fee(),
        spec.buyIn().currency(),
        at,
        replayed);
  }
}
