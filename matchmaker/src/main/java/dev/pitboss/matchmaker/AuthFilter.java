package dev.pitboss.matchmaker;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * In front of the player API ({@code /v1/**}): the per-address rate limit, then the bearer token
 * (public lobby reads need none), then the per-player rate limit. The player id goes into the
 * request attribute {@link #PLAYER} for the controllers.
 */
@ServerFilter("/v1/**")
final class AuthFilter {
  static final String PLAYER = "pitboss.player";

  private final PlayerTokens tokens;
  private final RateLimiter limiter;
  private final MatchmakerConfig config;
  private final MatchmakerMetrics metrics;

  AuthFilter(
      PlayerTokens tokens,
      RateLimiter limiter,
      MatchmakerConfig config,
      MatchmakerMetrics metrics) {
    this.tokens = tokens;
    this.limiter = limiter;
    this.config = config;
    this.metrics = metrics;
  }

  @RequestFilter
  @ExecuteOn(TaskExecutors.BLOCKING)
  @Nullable
  HttpResponse<?> filter(HttpRequest<?> request) {
    try {
      var address = request.getRemoteAddress().getAddress().getHostAddress();
      if (!limiter.allow("addr:" + address, config.addressRequestsPerSecond())) {
        metrics.rateLimited.labelValues("address").inc();
        throw tooMany("address " + address);
      }
      var header = request.getHeaders().getAuthorization().orElse(null);
      boolean publicRead =
          request.getMethod() == HttpMethod.GET && request.getPath().startsWith("/v1/lobby");
      if (header == null) {
        if (publicRead) {
          return null;
        }
        throw ProblemException.unauthorized("a bearer token is required (Authorization: Bearer …)");
      }
      if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw ProblemException.unauthorized("the Authorization header must be 'Bearer <token>'");
      }
      var player = tokens.player(header.substring(7).trim());
      if (!limiter.allow("player:" + player, config.playerRequestsPerSecond())) {
        metrics.rateLimited.labelValues("player").inc();
        throw tooMany("player " + player);
      }
      request.setAttribute(PLAYER, player);
      return null;
    } catch (ProblemException e) {
      var response = Problems.response(e.toProblem(request.getPath()), e.retryAfterSeconds());
      if (e.status() == 401) {
        response.header("WWW-Authenticate", "Bearer");
      }
      return response;
    }
  }

  private static ProblemException tooMany(String who) {
    return new ProblemException(
        "rate-limited", "Too many requests", 429, "too many requests from " + who, 1L);
  }
}
