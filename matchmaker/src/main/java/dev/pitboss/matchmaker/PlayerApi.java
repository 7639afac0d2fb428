package dev.pitboss.matchmaker;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;

/** The lobby and cash-table seating. Every refusal is a problem detail (README, "Problems"). */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
final class PlayerApi {
  private final Lobby lobby;
  private final Seating seating;
  private final MatchmakerConfig config;
  private final AtomicBoolean closed = new AtomicBoolean();

  PlayerApi(Lobby lobby, Seating seating, MatchmakerConfig config) {
    this.lobby = lobby;
    this.seating = seating;
    this.config = config;
  }

  void close() {
    closed.set(true);
  }

  @Get("/lobby")
  @Doc("Table types with open tables and free seats, and tournaments")
  Lobby.Snapshot lobby() {
    return lobby.snapshot();
  }

  @Get("/lobby/tables/{namespace}/{name}")
  @Doc(value = "One table type and its open tables", problems = "404 unknown-table-type")
  Lobby.TableTypeDetail tableType(String namespace, String name) {
    return lobby.detail(namespace, name);
  }

  @Get(value = "/lobby/events", produces = MediaType.TEXT_EVENT_STREAM)
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Doc("Server-sent events: a 'lobby' event with the whole snapshot whenever it changes")
  Publisher<Event<Lobby.Snapshot>> events() {
    return new LobbyStream(lobby::snapshot, Duration.ofSeconds(1), closed);
  }

  /** A seat request. */
  @Serdeable
  record SeatRequest(Long buyIn, @Nullable Integer waitSeconds) {}

  @Post("/tables/{namespace}/{name}/seat")
  @Doc(
      value = "Seat me at a table of this type",
      description =
          "Reserves a free seat, holds the buy-in in the wallet and answers where to connect with"
              + " a signed ticket. Waits up to waitSeconds for a seat while publishing the demand.",
      authenticated = true,
      problems = {
        "404 unknown-table-type",
        "422 buy-in-out-of-range",
        "422 wait-out-of-range",
        "422 missing-field",
        "402 insufficient-funds",
        "409 seat-request-active",
        "409 reservation-exists",
        "409 seat-request-cancelled",
        "503 no-free-seat"
      })
  Seating.Seat seat(
      String namespace,
      String name,
      @Body SeatRequest request,
      @RequestAttribute(AuthFilter.PLAYER) String player) {
    if (request.buyIn() == null) {
      throw ProblemException.unprocessable("missing-field", "Missing field", "buyIn is required");
    }
    var wait =
        request.waitSeconds() == null
            ? config.seatWait()
            : Duration.ofSeconds(request.waitSeconds());
    return seating.request(player, namespace, name, request.buyIn(), wait);
  }

  @Delete("/tables/{namespace}/{name}/seat-request")
  @Doc(
      value = "Leave the queue: the waiting seat request answers 409 seat-request-cancelled",
      authenticated = true,
      problems = "404 no-seat-request")
  HttpResponse<Void> leave(
      String namespace, String name, @RequestAttribute(AuthFilter.PLAYER) String player) {
    if (!seating.cancel(player, namespace, name)) {
      throw ProblemException.notFound(
          "no-seat-request",
          "No seat request",
          "player " + player + " has no seat request waiting for " + namespace + "/" + name);
    }
    return HttpResponse.noContent();
  }
}
