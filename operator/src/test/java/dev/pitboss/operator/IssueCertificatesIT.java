package dev.pitboss.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.testbed.TestBed;
import dev.pitboss.wallet.client.WalletChannels;
import dev.pitboss.wallet.v1.ReleaseHoldsRequest;
import dev.pitboss.wallet.v1.ReleaseHoldsResponse;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.TlsServerCredentials;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
          .waitUntilCondition(s -> s == null, 10, TimeUnit.SECONDS);
      assertThat(issuer.ensure(clients, walletDns)).containsExactly("pitboss-tls-matchmaker");
      IssueCertificates.certificate(
              IssueCertificates.decode(secrets.withName("pitboss-tls-matchmaker").get(), "tls.crt"))
          .verify(ca.getPublicKey());
    } finally {
      server.stop();
    }
  }

  /**
   * The issued files as the pods mount them, over a real mutual-TLS gRPC connection: a server with
   * the wallet's certificate requiring client certificates from the CA, the operator's client
   * through {@code WalletChannels.credentials}, dialling the wallet's Service name; the server sees
   * the operator's SPIFFE id.
   */
  @Test
  void theIssuedFilesMakeAMutualTlsConnectionBetweenOperatorAndWallet() throws Exception {
    var server = TestBed.startKubeApiServer();
    Server grpc = null;
    ManagedChannel channel = null;
    var dir = Files.createTempDirectory("pitboss-issued");
    try (var client = TestBed.client(server)) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("pitboss").endMetadata().build())
          .create();
      new IssueCertificates(
              client,
              "pitboss",
              "pitboss-tls",
              "pitboss.dev",
              Duration.ofDays(1),
              Clock.systemUTC())
          .ensure(List.of("operator"), List.of("pitboss-wallet.pitboss.svc"));
      for (var component : List.of("wallet", "operator")) {
        var secret =
            client.secrets().inNamespace("pitboss").withName("pitboss-tls-" + component).get();
        for (var key : List.of("tls.crt", "tls.key", "ca.crt")) {
          Files.writeString(
              dir.resolve(component + "-" + key), IssueCertificates.decode(secret, key));
        }
      }
      var peer = new AtomicReference<String>();
      var wallet =
          new WalletGrpc.WalletImplBase() {
            @Override
            public void releaseHolds(
                ReleaseHoldsRequest request, StreamObserver<ReleaseHoldsResponse> response) {
              response.onNext(ReleaseHoldsResponse.getDefaultInstance());
              response.onCompleted();
            }
          };
      ServerInterceptor readPeer =
          new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(
                ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
              try {
                var session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
                var leaf = (X509Certificate) session.getPeerCertificates()[0];
                peer.set(
                    sans(leaf).stream()
                        .filter(n -> n.get(0).equals(6))
                        .map(n -> (String) n.get(1))
                        .findFirst()
                        .orElse(null));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              return next.startCall(call, headers);
            }
          };
      var serverCredentials =
          TlsServerCredentials.newBuilder()
              .keyManager(
                  dir.resolve("wallet-tls.crt").toFile(), dir.resolve("wallet-tls.key").toFile())
              .trustManager(dir.resolve("wallet-ca.crt").toFile())
              .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
              .build();
      grpc =
          Grpc.newServerBuilderForPort(0, serverCredentials)
              .addService(ServerInterceptors.intercept(wallet, readPeer))
              .build()
              .start();
      channel =
          Grpc.newChannelBuilderForAddress(
                  "127.0.0.1",
                  grpc.getPort(),
                  WalletChannels.credentials(
                      dir.resolve("operator-tls.crt"),
                      dir.resolve("operator-tls.key"),
                      dir.resolve("operator-ca.crt")))
              .overrideAuthority("pitboss-wallet.pitboss.svc")
              .build();
      WalletGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .releaseHolds(ReleaseHoldsRequest.getDefaultInstance());
      assertThat(peer.get()).isEqualTo("spiffe://pitboss.dev/operator");
    } finally {
      if (channel != null) channel.shutdownNow();
      if (grpc != null) grpc.shutdownNow();
      server.stop();
      try (var files = Files.list(dir)) {
        for (var f : files.toList()) Files.delete(f);
      }
      Files.delete(dir);
    }
  }

  private static List<List<Object>> sans(X509Certificate certificate) throws Exception {
    return certificate.getSubjectAlternativeNames().stream()
        .map(l -> List.<Object>copyOf(l))
        .toList();
  }
}
