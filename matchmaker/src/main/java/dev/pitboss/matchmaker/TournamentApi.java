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
