package dev.pitboss.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.testbed.CertificateAuthority;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation over the wallet's HTTPS port, with real certificates and the standard policy:
 * without a client certificate, with one from another CA, with an expired one, or as an identity
 * the policy does not give {@code Reconcile}, the caller is refused (401, 401, 401, 403, each an
 * RFC 9457 problem and a body-less audit row, nothing else written); the {@code reconcile} identity
 * gets the report. The plain HTTP port serves only health and metrics under mutual TLS.
 */
class HttpsReconcileIT {
  private static WalletFixture f;
  private static String footprint;

  @BeforeAll
  static void start() throws Exception {
    f = WalletFixture.start("wallet_https_it", Map.of(), Policy.STANDARD);
    footprint = f.ledgerFootprint();
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  @Test
  void aCallerWithoutACertificateIsRefused() throws Exception {
    var answer = reconcile(client(null));
    assertThat(answer.statusCode()).isEqualTo(401);
    assertProblem(answer, 401, "no client certificate");
    assertAudited("unauthenticated", "REJECTED", "UNAUTHENTICATED", "no client certificate");
  }

  @Test
  void aCertificateFromAnotherCaIsRefused() throws Exception {
    var other =
        CertificateAuthority.create(
            Files.createTempDirectory("other-ca"), "someone else's CA", Clock.systemUTC());
    var forged = other.issue("reconcile", "spiffe://pitboss.dev/reconcile");
    var answer = reconcile(client(forged));
    assertThat(answer.statusCode()).isEqualTo(401);
    assertProblem(answer, 401, "not trusted");
    assertAudited("unauthenticated", "REJECTED", "UNAUTHENTICATED", "not trusted");
  }

  @Test
  void anExpiredCertificateIsRefused() throws Exception {
    var expired = TestIdentities.expired("reconcile");
    var answer = reconcile(client(expired));
    assertThat(answer.statusCode()).isEqualTo(401);
    assertProblem(answer, 401, "not trusted");
    assertAudited("unauthenticated", "REJECTED", "UNAUTHENTICATED", "not trusted");
  }

  @Test
  void anIdentityThePolicyDoesNotGiveReconcileIsRefused() throws Exception {
    var answer = reconcile(client(TestIdentities.client("payments")));
    assertThat(answer.statusCode()).isEqualTo(403);
    assertProblem(answer, 403, "spiffe://pitboss.dev/payments may not call Reconcile");
    assertAudited("spiffe://pitboss.dev/payments", "REJECTED", "PERMISSION_DENIED", "may not");
  }

  @Test
  void theReconcileIdentityGetsTheReport() throws Exception {
    var answer = reconcile(client(TestIdentities.client("reconcile")));
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).startsWith("BALANCED");
    assertAudited("spiffe://pitboss.dev/reconcile", "READ", "OK", "over HTTPS");
  }

  @Test
  void plainHttpServesHealthAndMetricsButNotReconciliation() throws Exception {
    var http = HttpClient.newHttpClient();
    var base = "http://127.0.0.1:" + f.httpPort();
    assertThat(get(http, base + "/health/readiness").statusCode()).isEqualTo(200);
    var metrics = get(http, base + "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("# TYPE jvm_");
    var reconcile = get(http, base + "/reconcile");
    assertThat(reconcile.statusCode()).isEqualTo(403);
    assertProblem(reconcile, 403, "HTTPS port");
    assertThat(f.ledgerFootprint()).isEqualTo(footprint);
  }

  private static HttpResponse<String> reconcile(HttpClient client) throws Exception {
    var answer = get(client, "https://127.0.0.1:" + f.httpsPort() + "/reconcile");
    assertThat(f.ledgerFootprint()).as("nothing written but audit rows").isEqualTo(footprint);
    return answer;
  }

  private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertProblem(HttpResponse<String> answer, int status, String detail) {
    assertThat(answer.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(answer.body()).contains("\"status\":" + status).contains(detail);
  }

  /** The newest Reconcile audit row: caller, outcome, status, detail; never a request body. */
  private static void assertAudited(String caller, String outcome, String status, String detail)
      throws Exception {
    try (var db = f.sql();
        var st =
            db.prepareStatement(
                "SELECT caller, outcome, status, detail, length(request) FROM audit_log"
                    + " WHERE method = 'Reconcile' ORDER BY id DESC LIMIT 1");
        var rs = st.executeQuery()) {
      assertThat(rs.next()).as("audit row").isTrue();
      assertThat(rs.getString(1)).isEqualTo(caller);
      assertThat(rs.getString(2)).isEqualTo(outcome);
      assertThat(rs.getString(3)).isEqualTo(status);
      assertThat(rs.getString(4)).contains(detail);
      assertThat(rs.getInt(5)).as("request body not recorded").isZero();
    }
  }

  /**
   * An HTTPS client that trusts the wallet's CA and presents {@code identity}'s certificate, or
   * none when null.
   */
  private static HttpClient client(CertificateAuthority.PemFiles identity) throws Exception {
    var certificates = CertificateFactory.getInstance("X.509");
    var trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (var in = Files.newInputStream(TestIdentities.ca().trustRoots())) {
      trust.setCertificateEntry("ca", certificates.generateCertificate(in));
    }
    var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    var keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (identity != null) {
      Certificate[] chain;
      try (var in = Files.newInputStream(identity.certificateChain())) {
        chain = certificates.generateCertificates(in).toArray(Certificate[]::new);
      }
      var key =
          KeyFactory.getInstance("EC")
              .generatePrivate(new PKCS8EncodedKeySpec(pem(identity.privateKey())));
      keys.setKeyEntry("client", key, new char[0], chain);
    }
    var keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, new char[0]);
    var tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
  }

  private static byte[] pem(Path file) throws Exception {
    var text = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getMimeDecoder().decode(text);
  }
}
