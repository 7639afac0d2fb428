package dev.pitboss.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.wallet.v1.ReleaseHoldsRequest;
import dev.pitboss.wallet.v1.ReleaseHoldsResponse;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operator's wallet adapter speaks the wallet's gRPC contract (an in-process fake of it). */
class WalletBuyInHoldsTest {

  record Call(String prefix, String idempotencyKey, String caller, boolean hadDeadline) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  volatile Status answer = Status.OK;
  io.grpc.Server server;
  WalletBuyInHolds holds;

  void start() throws Exception {
    var name = InProcessServerBuilder.generateName();
    var callerKey = Metadata.Key.of("x-pitboss-caller", Metadata.ASCII_STRING_MARSHALLER);
    var caller = Context.<String>key("caller");
    var wallet =
        new WalletGrpc.WalletImplBase() {
          @Override
          public void releaseHolds(
              ReleaseHoldsRequest request, StreamObserver<ReleaseHoldsResponse> response) {
            calls.add(
                new Call(
                    request.getReferencePrefix(),
                    request.getIdempotencyKey(),
                    caller.get(),
                    Context.current().getDeadline() != null));
            if (!answer.isOk()) {
              response.onError(answer.asRuntimeException());
              return;
            }
            response.onNext(ReleaseHoldsResponse.getDefaultInstance());
            response.onCompleted();
          }
        };
    io.grpc.ServerInterceptor readCaller =
        new io.grpc.ServerInterceptor() {
          @Override
          public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(
              io.grpc.ServerCall<Q, R> call,
              Metadata headers,
              io.grpc.ServerCallHandler<Q, R> next) {
            return io.grpc.Contexts.interceptCall(
                Context.current().withValue(caller, headers.get(callerKey)), call, headers, next);
          }
        };
    server =
        InProcessServerBuilder.forName(name)
            .addService(ServerInterceptors.intercept(wallet, readCaller))
            .build()
            .start();
    holds =
        new WalletBuyInHolds(InProcessChannelBuilder.forName(name).build(), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    if (holds != null) holds.close();
    if (server != null) server.shutdownNow();
  }

  @Test
  void releasesEveryHoldUnderTheTournamentPrefixWithTheGivenKey() throws Exception {
    start();

    holds.releaseAll("tournament/default/sunday-major/", "cancel:uid-1");

    assertThat(calls)
        .containsExactly(
            new Call("tournament/default/sunday-major/", "cancel:uid-1", "pitboss-operator", true));
  }

  @Test
  void aWalletFailureReachesTheReconcilerSoItRetries() throws Exception {
    start();
    answer = Status.UNAVAILABLE.withDescription("wallet is draining");

    assertThatThrownBy(() -> holds.releaseAll("tournament/default/t/", "delete:uid-2"))
        .isInstanceOf(StatusRuntimeException.class)
        .hasMessageContaining("wallet is draining");
  }

  @org.junit.jupiter.api.Test
  void withoutItsCertificateTheOperatorRefusesToTalkToTheWalletInPlaintext() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                WalletBuyInHolds.fromEnv(
                    "wallet:7443", java.util.Map.of(), java.time.Duration.ofSeconds(1)))
        .hasMessageContaining("PITBOSS_WALLET_CERT must be set");
  }
}
