package dev.pitboss.matchmaker;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.io.IOException;
import java.time.Duration;
import redis.clients.jedis.UnifiedJedis;

/**
 * Health for Kubernetes probes, Prometheus metrics, the ticket JWKS for game servers, and the
 * development issuer's token endpoint when (and only when) it is enabled.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class OpsEndpoints {
  private final MatchmakerMetrics metrics;
  private final TicketSigner tickets;
  private final UnifiedJedis redis;
  private final Catalog catalog;
  private final Lifecycle lifecycle;
  private final DevelopmentIssuer development;

  OpsEndpoints(
      MatchmakerMetrics metrics,
      TicketSigner tickets,
      UnifiedJedis redis,
      Catalog catalog,
      Lifecycle lifecycle,
      @Nullable DevelopmentIssuer development) {
    this.metrics = metrics;
    this.tickets = tickets;
    this.redis = redis;
    this.catalog = catalog;
    this.lifecycle = lifecycle;
    this.development = development;
  }

  @Get("/.well-known/jwks.json")
  @Produces(MediaType.APPLICATION_JSON)
  @Doc("The public keys game servers check seat tickets with (JWKS)")
  HttpResponse<String> jwks() {
    return HttpResponse.ok(tickets.jwks()).header("Cache-Control", "max-age=60");
  }

  @Get("/health/liveness")
  @Produces(MediaType.TEXT_PLAIN)
  String liveness() {
    return "UP\n";
  }

  /** 503 while draining, while Redis does not answer, or before the informers have synced. */
  @Get("/health/readiness")
  @Produces(MediaType.TEXT_PLAIN)
  HttpResponse<String> readiness() {
    if (lifecycle.draining()) {
      return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE).body("DRAINING\n");
    }
    try {
      redis.ping();
    } catch (RuntimeException e) {
      return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE).body("REDIS DOWN\n");
    }
    if (!catalog.synced()) {
      return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE)
          .body("KUBERNETES NOT SYNCED\n");
    }
    return HttpResponse.ok("UP\n");
  }

  @Get("/metrics")
  HttpResponse<String> metrics() throws IOException {
    return HttpResponse.ok(metrics.text()).contentType(MediaType.of(metrics.contentType()));
  }

  @Serdeable
  record TokenRequest(String player) {}

  @Serdeable
  record TokenResponse(String token, String issuer) {}

  @Post("/dev/tokens")
  @Doc(
      value = "DEVELOPMENT ONLY: a player token for any player id",
      description =
          "Exists only with pitboss.matchmaker.auth.development-issuer=true, which refuses to start"
              + " unless the server listens on loopback.",
      problems = {"404 not-found", "422 invalid-player"})
  TokenResponse devToken(@Body TokenRequest request) {
    if (development == null) {
      throw ProblemException.notFound(
          "not-found", "Not Found", "the development issuer is not enabled");
    }
    if (request.player() == null || !TableIds.PLAYER.matcher(request.player()).matches()) {
      throw ProblemException.unprocessable(
          "invalid-player", "Invalid player id", "player must be 1-64 of A-Z a-z 0-9 . _ @ -");
    }
    return new TokenResponse(
        development.token(request.player(), Duration.ofHours(1)), DevelopmentIssuer.ISSUER);
  }

  @Get("/dev/jwks.json")
  @Produces(MediaType.APPLICATION_JSON)
  HttpResponse<String> devJwks() {
    if (development == null) {
      throw ProblemException.notFound(
          "not-found", "Not Found", "the development issuer is not enabled");
    }
    return HttpResponse.ok(development.jwks());
  }
}
