package dev.pitboss.wallet;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.sql.SQLException;

/** Health, Prometheus metrics and reconciliation, for Kubernetes probes, Prometheus and SREs. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class WalletEndpoints {
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
    return HttpResponse.<String>status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE)
        .body(wallet.draining() ? "DRAINING\n" : "DATABASE DOWN\n");
  }

  @Get("/metrics")
  HttpResponse<String> metrics() throws IOException {
    return HttpResponse.ok(wallet.metricsText())
        .contentType(MediaType.of(wallet.metricsContentType()));
  }

  /**
   * 200 when the books balance, 409 with the discrepancies when they do not. Served over plain HTTP
   * only in plaintext development mode; with mutual TLS, reconciliation is the gRPC {@code
   * Reconcile} call of the {@code spiffe://pitboss.dev/reconcile} identity, and this answers 403.
   */
  @Get("/reconcile")
  @Produces(MediaType.TEXT_PLAIN)
  HttpResponse<String> reconcile() throws SQLException {
    if (wallet.mutualTls()) {
      return HttpResponse.<String>status(io.micronaut.http.HttpStatus.FORBIDDEN)
          .body(
              "reconciliation needs a proven identity: call the gRPC Reconcile method over mutual"
                  + " TLS as spiffe://pitboss.dev/reconcile\n");
    }
    var report = wallet.reconcile();
    var text = Reconciler.describe(report);
    return report.getBalanced()
        ? HttpResponse.ok(text)
        : HttpResponse.<String>status(io.micronaut.http.HttpStatus.CONFLICT).body(text);
  }
}
