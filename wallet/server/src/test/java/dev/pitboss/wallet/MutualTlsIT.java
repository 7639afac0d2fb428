package dev.pitboss.wallet;

import static dev.pitboss.wallet.WalletFixture.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.testbed.CertificateAuthority;
import dev.pitboss.wallet.client.WalletChannels;
import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.GetBalanceRequest;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.ReleaseHoldsRequest;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Only a proven identity moves money: callers without a certificate, with one from another CA, or
 * with an expired one are refused (UNAUTHENTICATED), a valid identity calling a method it may not
 * is refused (PERMISSION_DENIED), each refusal writes nothing but its audit row, which does not
 * record the request body. The identity is the certificate's, never a header.
 */
class MutualTlsIT {
  private static WalletFixture f;
  private static String alice;
  private ManagedChannel channel;

  @BeforeAll
  static void start() throws Exception {
    f = WalletFixture.start("wallet_mtls_it", Map.of(), Policy.STANDARD);
    alice =
        f.as("payments")
            .openAccount(
                OpenAccountRequest.newBuilder()
                    .setIdempotencyKey("open-alice")
                    .setKind(AccountKind.ACCOUNT_KIND_PLAYER)
                    .setOwner("alice")
                    .setCurrency("EUR")
                    .build())
            .getAccount()
            .getAccountId();
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  @AfterEach
  void closeChannel() {
    if (channel != null) {
      channel.shutdownNow();
    }
  }

  private static DepositRequest deposit(String key) {
    return DepositRequest.newBuilder()
        .setIdempotencyKey(key)
        .setAccountId(alice)
        .setAmount(money(1_000_000, "EUR"))
        .setExternalReference("psp-" + key)
        .build();
  }

  @Test
  void aCallerWithoutACertificateIsRefused() throws Exception {
    var files = TestIdentities.client("payments");
    channel =
        Grpc.newChannelBuilder(
                "127.0.0.1:" + f.server.grpcPort(),
                TlsChannelCredentials.newBuilder()
                    .trustManager(files.trustRoots().toFile())
                    .build())
            .build();
    assertRefused(WalletGrpc.newBlockingStub(channel), "no-cert", Status.Code.UNAUTHENTICATED);
    assertAudited("no-cert", "unauthenticated", "UNAUTHENTICATED", "no client certificate");
  }

  @Test
  void aCertificateFromAnotherCaIsRefused() throws Exception {
    var other =
        CertificateAuthority.create(
            Files.createTempDirectory("other-ca"), "someone else's CA", Clock.systemUTC());
    var forged = other.issue("payments", "spiffe://pitboss.dev/payments");
    // The client still trusts the real wallet; only its own certificate is foreign.
    var files =
        new CertificateAuthority.PemFiles(
            forged.certificateChain(), forged.privateKey(), TestIdentities.ca().trustRoots());
    channel = TestIdentities.channel(f.server.grpcPort(), files);
    assertRefused(WalletGrpc.newBlockingStub(channel), "other-ca", Status.Code.UNAUTHENTICATED);
    assertAudited("other-ca", "unauthenticated", "UNAUTHENTICATED", "not trusted");
  }

  @Test
  void anExpiredCertificateIsRefused() throws Exception {
    var expired = TestIdentities.expired("payments");
    channel = TestIdentities.channel(f.server.grpcPort(), expired);
    assertRefused(WalletGrpc.newBlockingStub(channel), "expired", Status.Code.UNAUTHENTICATED);
    assertAudited("expired", "unauthenticated", "UNAUTHENTICATED", "not trusted");
  }

  @Test
  void aValidIdentityCallingAMethodItMayNotIsRefused() throws Exception {
    // The game server may not mint money, whatever header it sends.
    channel =
        Grpc.newChannelBuilder(
                "127.0.0.1:" + f.server.grpcPort(),
                WalletChannels.credentials(
                    TestIdentities.client("game-server").certificateChain(),
                    TestIdentities.client("game-server").privateKey(),
                    TestIdentities.client("game-server").trustRoots()))
            .intercept(WalletChannels.callerHeader("payments"))
            .build();
    assertRefused(WalletGrpc.newBlockingStub(channel), "gs-deposit", Status.Code.PERMISSION_DENIED);
    assertAudited(
        "gs-deposit",
        "spiffe://pitboss.dev/game-server",
        "PERMISSION_DENIED",
        "may not call Deposit");
  }

  @Test
  void aRefusedReadNeverEchoesTheBalance() {
    f.as("payments").deposit(deposit("funds-for-read"));
    assertThatThrownBy(
            () ->
                f.as("game-server")
                    .getBalance(GetBalanceRequest.newBuilder().setAccountId(alice).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
              assertThat(e.getStatus().getDescription()).doesNotContain("1000000");
            });
  }

  @Test
  void theRightIdentityIsServed() {
    var result = f.as("payments").deposit(deposit("payments-ok"));
    assertThat(result.getPostingsCount()).isEqualTo(2);
  }

  @Test
  void aCertificateThatExpiresWhileConnectedIsRefusedFromThen() throws Exception {
    var now = Instant.now();
    var shortLived =
        TestIdentities.ca()
            .issue(
                "short-payments",
                "spiffe://pitboss.dev/payments",
                now.minus(Duration.ofMinutes(1)),
                now.plus(Duration.ofHours(1)));
    channel = TestIdentities.channel(f.server.grpcPort(), shortLived);
    var stub = WalletGrpc.newBlockingStub(channel);
    assertThat(stub.deposit(deposit("before-expiry")).getPostingsCount()).isEqualTo(2);
    f.clock.advance(Duration.ofHours(2));
    try {
      assertRefused(stub, "after-expiry", Status.Code.UNAUTHENTICATED);
    } finally {
      f.clock.advance(Duration.ofHours(-2));
    }
  }

  @Test
  void theServerRefusesPlaintextUnlessInDevelopmentModeOnLoopback() {
    var plain = WalletConfig.local("jdbc:postgresql://127.0.0.1:1/never");
    assertThatThrownBy(() -> WalletServer.start(plain))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only mutual TLS");
    var exposed =
        new WalletConfig(
            plain.jdbcUrl(),
            "0.0.0.0",
            0,
            2,
            List.of("local"),
            plain.retry(),
            plain.callDeadline(),
            plain.shutdownGrace(),
            null,
            true,
            plain.holdExpiry(),
            plain.housekeeping(),
            0);
    assertThatThrownBy(() -> WalletServer.start(exposed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only to loopback");
  }

  @Test
  void developmentModeNamesTheCallerByHeaderOnLoopback() throws Exception {
    try (var dev =
        WalletFixture.start(
            "wallet_dev_mode_it",
            Map.of(
                "pitboss.wallet.plaintext-development",
                true,
                "pitboss.wallet.tls.cert-chain",
                "",
                "pitboss.wallet.tls.private-key",
                "",
                "pitboss.wallet.tls.trust-roots",
                ""),
            Policy.STANDARD)) {
      var plain =
          WalletChannels.plaintextForDevelopment("127.0.0.1:" + dev.server.grpcPort(), "payments");
      try {
        var opened =
            WalletGrpc.newBlockingStub(plain)
                .openAccount(
                    OpenAccountRequest.newBuilder()
                        .setIdempotencyKey("dev-open")
                        .setKind(AccountKind.ACCOUNT_KIND_PLAYER)
                        .setOwner("dev")
                        .setCurrency("EUR")
                        .build());
        assertThat(opened.getCreated()).isTrue();
        assertThat(
                dev.scalar(
                    "SELECT COUNT(*) FROM audit_log WHERE caller = 'spiffe://pitboss.dev/payments'"
                        + " AND idempotency_key = 'dev-open'"))
            .isEqualTo(1);
        // The operator's existing client names itself pitboss-operator.
        var operator =
            WalletChannels.plaintextForDevelopment(
                "127.0.0.1:" + dev.server.grpcPort(), "pitboss-operator");
        try {
          assertThat(
                  WalletGrpc.newBlockingStub(operator)
                      .releaseHolds(
                          ReleaseHoldsRequest.newBuilder()
                              .setIdempotencyKey("dev-cancel")
                              .setReferencePrefix("tournament/default/dev/")
                              .build())
                      .getReleasedCount())
              .isZero();
        } finally {
          operator.shutdownNow();
        }
      } finally {
        plain.shutdownNow();
      }
    }
  }

  private static void assertRefused(
      WalletGrpc.WalletBlockingStub stub, String key, Status.Code code) throws Exception {
    var before = f.ledgerFootprint();
    assertThatThrownBy(() -> stub.deposit(deposit(key)))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode()).isEqualTo(code));
    assertThat(f.ledgerFootprint()).as("nothing written").isEqualTo(before);
    assertThat(
            f.scalar("SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = '" + key + "'"))
        .isZero();
  }

  private static void assertAudited(String key, String caller, String status, String detail)
      throws Exception {
    try (var db = f.sql();
        var st =
            db.prepareStatement(
                "SELECT caller, method, outcome, status, detail, length(request)"
                    + " FROM audit_log WHERE idempotency_key = ?")) {
      st.setString(1, key);
      try (var rs = st.executeQuery()) {
        assertThat(rs.next()).as("audit row").isTrue();
        assertThat(rs.getString(1)).isEqualTo(caller);
        assertThat(rs.getString(2)).isEqualTo("Deposit");
        assertThat(rs.getString(3)).isEqualTo("REJECTED");
        assertThat(rs.getString(4)).isEqualTo(status);
        assertThat(rs.getString(5)).contains(detail);
        assertThat(rs.getInt(6)).as("request body not recorded").isZero();
        assertThat(rs.next()).isFalse();
      }
    }
  }
}
