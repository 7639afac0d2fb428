package dev.pitboss.matchmaker;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/** Tournament registration and "where is my table". */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
final class TournamentApi {
  private final Registrations registrations;
  private final TicketSigner tickets;
  private final UnifiedJedis redis;

  TournamentApi(Registrations registrations, TicketSigner tickets, UnifiedJedis redis) {
    this.registrations = registrations;
    this.tickets = tickets;
    this.redis = redis;
  }

  @Get("/lobby/tournaments/{namespace}/{name}")
  @Doc(value = "One tournament", problems = "404 unknown-tournament")
  Lobby.TournamentSummary tournament(String namespace, String name) {
    return Lobby.summary(registrations.tournament(namespace, name));
  }

  /** A finishing place and the prize paid for it (0 outside the money or before the payout). */
  @Serdeable
  record Standing(int place, String player, long prize) {}

  /**
   * The standings so far: busted players by place, the winner once there is one; prizes once the
   * pool has been paid. Public, as a tournament's results are in any card room.
   */
  @Serdeable
  record Results(
      String tournament,
      String phase,
      int entrants,
      int playersLeft,
      long prizePool,
      String currency,
      boolean paid,
      List<Standing> standings) {}

  @Get("/lobby/tournaments/{namespace}/{name}/results")
  @Doc(
      value = "Standings and prizes: places so far, the winner and the payouts once paid",
      problems = "404 unknown-tournament")
  Results results(String namespace, String name) {
    var t = registrations.tournament(namespace, name);
    var state = DirectorRunner.committed(redis, Registrations.key(namespace, name));
    var phase = Registrations.phase(t).toString();
    var currency = t.getSpec().buyIn().currency();
    if (state == null) {
      return new Results(namespace + "/" + name, phase, 0, 0, 0, currency, false, List.of());
    }
    var prizes =
        state.paid
            ? Payouts.split(state.prizePool, t.getSpec().payouts(), state.finishes)
            : Map.<String, Long>of();
    var standings =
        state.finishes.stream()
            .sorted(
                Comparator.comparingInt(Payouts.Finish::place)
                    .thenComparing(Payouts.Finish::player))
            .map(f -> new Standing(f.place(), f.player(), prizes.getOrDefault(f.player(), 0L)))
            .toList();
    return new Results(
        namespace + "/" + name,
        phase,
        state.entrants,
        state.playersLeft(),
        state.prizePool,
        currency,
        state.paid,
        standings);
  }

  @Post("/tournaments/{namespace}/{name}/registrations")
  @Doc(
      value = "Register me (buy-in + fee held in the wallet)",
      description =
          "One entry per player. With an Idempotency-Key header a retry answers the first"
              + " result (200, replayed=true); a second registration without it is 409"
              + " already-registered.",
      authenticated = true,
      problems = {
        "404 unknown-tournament",
        "409 registration-closed",
        "409 registration-full",
        "409 already-registered",
        "402 insufficient-funds",
        "422 idempotency-key-reused"
      })
  HttpResponse<Registrations.Registration> register(
      String namespace,
      String name,
      @Nullable @Header("Idempotency-Key") String idempotencyKey,
      @RequestAttribute(AuthFilter.PLAYER) String player) {
    var r = registrations.register(player, namespace, name, idempotencyKey);
    return r.replayed() ? HttpResponse.ok(r) : HttpResponse.created(r);
  }

  @Delete("/tournaments/{namespace}/{name}/registrations/me")
  @Doc(
      value = "Unregister me before the start (the hold is released)",
      authenticated = true,
      problems = {"404 unknown-tournament", "404 not-registered", "409 registration-closed"})
  HttpResponse<Void> unregister(
      String namespace, String name, @RequestAttribute(AuthFilter.PLAYER) String player) {
    registrations.unregister(player, namespace, name);
    return HttpResponse.noContent();
  }

  /** Where a registered player plays; table fields are null until the seat draw. */
  @Serdeable
  record Where(
      String tournament,
      String player,
      String phase,
      String table,
      Integer seat,
      String address,
      Integer port,
      String url,
      String ticket,
      Instant expiresAt) {}

  @Get("/tournaments/{namespace}/{name}/registrations/me")
  @Doc(
      value = "Where is my table: my registration and, once seated, my table with a fresh ticket",
      authenticated = true,
      problems = {"404 unknown-tournament", "404 not-registered"})
  Where where(String namespace, String name, @RequestAttribute(AuthFilter.PLAYER) String player) {
    var t = registrations.tournament(namespace, name);
    if (registrations.entry(player, namespace, name) == null) {
      throw ProblemException.notFound(
          "not-registered",
          "Not registered",
          player + " is not registered for " + namespace + "/" + name);
    }
    var phase = Registrations.phase(t).toString();
    var seat = DirectorRunner.where(redis, Registrations.key(namespace, name), player);
    if (seat == null) {
      return new Where(
          namespace + "/" + name, player, phase, null, null, null, null, null, null, null);
    }
    var ad = TableAd.parse(seat.table(), redis.hgetAll(Keys.table(seat.table())));
    var ticket = tickets.sign(seat.table(), player, seat.seat(), Map.of());
    return new Where(
        namespace + "/" + name,
        player,
        phase,
        seat.table(),
        seat.seat(),
        ad == null ? null : ad.address(),
        ad == null ? null : ad.port(),
        ad == null ? null : ad.url(),
        ticket.token(),
        ticket.expiresAt());
  }
}
