package dev.pitboss.wallet;

import dev.pitboss.testbed.CertificateAuthority;
import dev.pitboss.wallet.client.WalletChannels;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * One certificate authority per test JVM, the wallet's server certificate (localhost, 127.0.0.1)
 * and a client certificate per identity, issued on first use. {@code wallet-tests} is the identity
 * the older suites call as; {@link #TRUSTED_TESTS} lets it call everything, so those suites (money
 * moved between any accounts) keep exercising the ledger, over mutual TLS, while {@code PolicyIT}
 * exercises the standard policy with the real identities.
 */
final class TestIdentities {
  static final String TESTS = "wallet-tests";

  /** The standard table plus one row: {@code wallet-tests} may call anything on anything. */
  static final Policy TRUSTED_TESTS;

  static {
    var table = new HashMap<>(Policy.STANDARD_TABLE);
    var all = new HashMap<String, Policy.Rule>();
    for (var method : WalletGrpc.getServiceDescriptor().getMethods()) {
      all.put(method.getBareMethodName(), a -> true);
    }
    table.put(TESTS, all);
    TRUSTED_TESTS = new Policy(table);
  }

  private static CertificateAuthority ca;
  private static CertificateAuthority.PemFiles server;
  private static final Map<String, CertificateAuthority.PemFiles> clients = new HashMap<>();

  private TestIdentities() {}

  static synchronized CertificateAuthority ca() {
    if (ca == null) {
      try {
        var dir = Files.createTempDirectory("pitboss-wallet-certs");
        ca = CertificateAuthority.create(dir, "pitboss wallet test CA", Clock.systemUTC());
        server = ca.issue("wallet-server", Identity.WALLET.spiffeId(), "localhost", "127.0.0.1");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ca;
  }

  static synchronized WalletConfig.Tls serverTls() {
    ca();
    return new WalletConfig.Tls(
        server.certificateChain(), server.privateKey(), server.trustRoots());
  }

  static synchronized CertificateAuthority.PemFiles client(String component) {
    return clients.computeIfAbsent(
        component,
        c -> {
          try {
            return ca().issue("client-" + c, Identity.TRUST_DOMAIN + c);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** A certificate of the test CA for {@code component} that expired yesterday. */
  static CertificateAuthority.PemFiles expired(String component) throws IOException {
    var now = java.time.Instant.now();
    return ca().issue(
            "expired-" + component,
            Identity.TRUST_DOMAIN + component,
            now.minus(java.time.Duration.ofDays(2)),
            now.minus(java.time.Duration.ofDays(1)));
  }

  /** A mutual-TLS channel as {@code component}, through the helper other modules use. */
  static ManagedChannel channel(int port, String component) {
    return channel(port, client(component));
  }

  static ManagedChannel channel(int port, CertificateAuthority.PemFiles files) {
    try {
      return WalletChannels.mutualTls(
          "127.0.0.1:" + port, files.certificateChain(), files.privateKey(), files.trustRoots());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path directory() {
    return ca().trustRoots().getParent();
  }
}
