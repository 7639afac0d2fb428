package dev.pitboss.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.testbed.TestBed;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chart's certificate hook on a real API server: every identity gets a Secret with a SPIFFE URI
 * SAN and a PKCS#8 key, chained to one CA; a second run (an upgrade) changes nothing; a Secret
 * deleted by hand is issued again from the same CA.
 */
class IssueCertificatesIT {

  @Test
  void issuesMissingIdentitiesOnceAndKeepsThem() throws Exception {
    var server = TestBed.startKubeApiServer();
    try (var client = TestBed.client(server)) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("pitboss").endMetadata().build())
          .create();
      var issuer =
          new IssueCertificates(
              client,
              "pitboss",
              "pitboss-tls",
              "pitboss.dev",
              Duration.ofDays(825),
              Clock.systemUTC());
      var clients = List.of("operator", "matchmaker", "game-server", "payments", "reconcile");
      var walletDns = List.of("pitboss-wallet", "pitboss-wallet.pitboss.svc");

      assertThat(issuer.ensure(clients, walletDns))
          .containsExactly(
              "pitboss-tls-ca",
              "pitboss-tls-operator",
              "pitboss-tls-matchmaker",
              "pitboss-tls-game-server",
              "pitboss-tls-payments",
              "pitboss-tls-reconcile",
              "pitboss-tls-wallet");
      var secrets = client.secrets().inNamespace("pitboss");
      var ca =
          IssueCertificates.certificate(
              IssueCertificates.decode(secrets.withName("pitboss-tls-ca").get(), "ca.crt"));
      for (var component : List.of("operator", "game-server", "wallet")) {
        var secret = secrets.withName("pitboss-tls-" + component).get();
        assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
        assertThat(IssueCertificates.decode(secret, "tls.key"))
            .startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(IssueCertificates.decode(secret, "ca.crt"))
            .isEqualTo(
                IssueCertificates.decode(secrets.withName("pitboss-tls-ca").get(), "ca.crt"));
        var leaf = IssueCertificates.certificate(IssueCertificates.decode(secret, "tls.crt"));
        leaf.verify(ca.getPublicKey());
        assertThat(sans(leaf)).contains(List.of(6, "spiffe://pitboss.dev/" + component));
      }
      var wallet =
          IssueCertificates.certificate(
              IssueCertificates.decode(secrets.withName("pitboss-tls-wallet").get(), "tls.crt"));
      assertThat(sans(wallet)).contains(List.of(2, "pitboss-wallet.pitboss.svc"));

      var before = secrets.withName("pitboss-tls-operator").get().getData();
      assertThat(issuer.ensure(clients, walletDns)).isEmpty();
      assertThat(secrets.withName("pitboss-tls-operator").get().getData()).isEqualTo(before);

      secrets.withName("pitboss-tls-matchmaker").delete();
      secrets
          .withName("pitboss-tls-matchmaker")
          .waitUntilCondition(s -> s == null, 10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(issuer.ensure(clients, walletDns)).containsExactly("pitboss-tls-matchmaker");
      IssueCertificates.certificate(
              IssueCertificates.decode(secrets.withName("pitboss-tls-matchmaker").get(), "tls.crt"))
          .verify(ca.getPublicKey());
    } finally {
      server.stop();
    }
  }

  private static List<List<Object>> sans(X509Certificate certificate) throws Exception {
    return certificate.getSubjectAlternativeNames().stream()
        .map(l -> List.<Object>copyOf(l))
        .toList();
  }
}
