package dev.pitboss.matchmaker;

import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Counts every response by method, route template (never the raw path, so the label set stays
 * bounded) and status: {@code matchmaker_http_requests_total}.
 */
@ServerFilter("/**")
final class RequestMetrics {
  private final MatchmakerMetrics metrics;

  RequestMetrics(MatchmakerMetrics metrics) {
    this.metrics = metrics;
  }

  @ResponseFilter
  void count(HttpRequest<?> request, MutableHttpResponse<?> response) {
    var route = BasicHttpAttributes.getUriTemplate(request).orElse("unmatched");
    metrics
        .requests
        .labelValues(request.getMethodName(), route, Integer.toString(response.code()))
        .inc();
  }
}
