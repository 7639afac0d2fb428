package dev.pitboss.wallet;

import dev.pitboss.wallet.v1.ReconcileReport;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.sql.SQLException;

/**
 * Health and Prometheus metrics (plain HTTP, for Kubernetes probes and Prometheus) and
 * reconciliation (HTTPS with a client certificate, for SREs).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class WalletEndpoints {
  static final MediaType PROBLEM = MediaType.of("application/problem+json");

  private final WalletServer wallet;

  WalletEndpoints(WalletServer wallet) {
    this.wallet = wallet;
  }

  @Get("/health/liveness")
  @Produces(MediaType.TEXT_PLAIN)
  String liveness() {
    return "UP\n";
  }

  /**
   * 503 while draining (so the Service stops routing here) or while the database is unreachable.
   */
  @Get("/health/readiness")
  @Produces(MediaType.TEXT_PLAIN)
  HttpResponse<String> readiness() {
    if (wallet.ready()) {
      return HttpResponse.ok("UP\n");
    }
    return HttpResponse.<String>status(HttpStatus.SERVICE_UNAVAILABLE)
        .body(wallet.draining() ? "DRAINING\n" : "DATABASE DOWN\n");
  }

  @Get("/metrics")
  HttpResponse<String> metrics() throws IOException {
    return HttpResponse.ok(wallet.metricsText())
        .contentType(MediaType.of(wallet.metricsContentType()));
  }

  /**
   * 200 when the books balance, 409 with the discrepancies when they do not. With mutual TLS only
   * over the HTTPS port, and only for the identity the policy gives {@code Reconcile} ({@code
   * spiffe://pitboss.dev/reconcile}): without a trusted client certificate 401, another identity
   * 403, each an RFC 9457 problem and an audit row. Over plain HTTP only in plaintext development
   * mode (loopback); with mutual TLS on, plain HTTP answers 403 and points to the HTTPS port.
   */
  @Get("/reconcile")
  HttpResponse<String> reconcile(HttpRequest<?> request) throws SQLException {
    ReconcileReport report;
    if (request.isSecure()) {
      try {
        report = wallet.reconcileOverHttps(request.getSslSession().orElse(null));
      } catch (WalletException e) {
        var status =
            switch (e.code()) {
              case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
              case PERMISSION_DENIED -> HttpStatus.FORBIDDEN;
              default -> HttpStatus.SERVICE_UNAVAILABLE;
            };
        return problem(status, e.getMessage());
      }
    } else if (wallet.mutualTls()) {
      return problem(
          HttpStatus.FORBIDDEN,
          "reconciliation needs a proven identity: ask the HTTPS port (or gRPC Reconcile) with the"
              + " certificate of spiffe://pitboss.dev/reconcile");
    } else {
      report = wallet.reconcile();
    }
    var text = Reconciler.describe(report);
    return (report.getBalanced()
            ? HttpResponse.ok(text)
            : HttpResponse.<String>status(HttpStatus.CONFLICT).body(text))
        .contentType(MediaType.TEXT_PLAIN_TYPE);
  }

  private static HttpResponse<String> problem(HttpStatus status, String detail) {
    var body =
        "{\"type\":\"about:blank\",\"title\":\""
            + json(status.getReason())
            + "\",\"status\":"
            + status.getCode()
            + ",\"detail\":\""
            + json(detail)
            + "\"}";
    return HttpResponse.<String>status(status).body(body).contentType(PROBLEM);
  }

  private static String json(String s) {
    var out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
