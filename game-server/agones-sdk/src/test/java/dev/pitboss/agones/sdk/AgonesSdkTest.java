package dev.pitboss.agones.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client without a server, and the pieces it hands to callers. */
class AgonesSdkTest {
  @Test
  void thePortComesFromTheEnvironmentOrDefaultsTo9357() {
    assertThat(AgonesSdk.DEFAULT_PORT).isEqualTo(9357);
    assertThatThrownBy(
            () -> AgonesSdk.builder().portFromEnvironment(Map.of(AgonesSdk.PORT_ENV, "nine")))
        .hasMessageContaining("AGONES_SDK_GRPC_PORT must be a TCP port number, was 'nine'");
    assertThatThrownBy(
            () -> AgonesSdk.builder().portFromEnvironment(Map.of(AgonesSdk.PORT_ENV, "70000")))
        .hasMessageContaining("AGONES_SDK_GRPC_PORT");
  }

  @Test
  void aMissingSidecarFailsTheCallAsUnavailableAfterTheTimeout() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (AgonesSdk sdk =
        AgonesSdk.builder().port(port).callTimeout(Duration.ofMillis(300)).build()) {
      assertThatThrownBy(sdk::ready)
          .isInstanceOfSatisfying(
              AgonesSdkException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(AgonesSdkException.Reason.UNAVAILABLE);
                assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
                assertThat(e).hasMessageStartingWith("Ready failed: DEADLINE_EXCEEDED");
              });
    }
  }

  @Test
  void theRealServersUnknownErrorsAreReadByTheirWords() {
    assertThat(reason("out of range. No available capacity. Current Capacity: 3, List Size: 3"))
        .isEqualTo(AgonesSdkException.Reason.OUT_OF_RANGE);
    assertThat(reason("already exists. Value: t1 already in List: tables"))
        .isEqualTo(AgonesSdkException.Reason.ALREADY_EXISTS);
    assertThat(reason("not found: value t9 not in list tables"))
        .isEqualTo(AgonesSdkException.Reason.NOT_FOUND);
    assertThat(reason("list not found: nope")).isEqualTo(AgonesSdkException.Reason.NOT_FOUND);
    assertThat(reason("not found. nope List not found"))
        .isEqualTo(AgonesSdkException.Reason.NOT_FOUND);
    assertThat(reason("counter not found: nope")).isEqualTo(AgonesSdkException.Reason.NOT_FOUND);
    assertThat(reason("invalid argument. Malformed CounterUpdateRequest"))
        .isEqualTo(AgonesSdkException.Reason.INVALID_ARGUMENT);
    assertThat(reason("PlayerTracking not enabled")).isEqualTo(AgonesSdkException.Reason.OTHER);
    assertThat(AgonesSdkException.reasonOf(Status.INVALID_ARGUMENT))
        .isEqualTo(AgonesSdkException.Reason.INVALID_ARGUMENT);
  }

  private static AgonesSdkException.Reason reason(String message) {
    return AgonesSdkException.reasonOf(Status.UNKNOWN.withDescription(message));
  }

  @Test
  void viewsAreImmutableCopies() {
    List<String> values = new ArrayList<>(List.of("t1"));
    AgonesList list = new AgonesList("tables", 2, values);
    values.add("t2");

    assertThat(list.values()).containsExactly("t1");
    assertThat(list.free()).isEqualTo(1);
    GameServerView gs =
        new GameServerView(
            "gs",
            "default",
            "Ready",
            Map.of("agones.dev/sdk-x", "1"),
            Map.of(),
            "127.0.0.1",
            List.of(new GameServerView.Port("default", 7000)),
            Map.of("tables", list),
            Map.of());
    assertThatThrownBy(() -> gs.labels().put("b", "2"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(gs.sdkLabel("x")).contains("1");
    assertThat(gs.port("default")).contains(new GameServerView.Port("default", 7000));
  }
}
