package dev.pitboss.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void backoffIsJitteredAndNeverExceedsTheCap() {
    var policy = new RetryPolicy(10, Duration.ofMillis(1), Duration.ofMillis(50));
    for (int attempt = 1; attempt < 40; attempt++) {
      for (int i = 0; i < 200; i++) {
        assertThat(policy.backoffNanos(attempt)).isBetween(0L, Duration.ofMillis(50).toNanos() - 1);
      }
    }
    var distinct =
        java.util.stream.IntStream.range(0, 100)
            .mapToLong(i -> policy.backoffNanos(5))
            .distinct()
            .count();
    assertThat(distinct).as("jittered, not lockstep").isGreaterThan(50);
  }

  @Test
  void earlyAttemptsWaitLessThanLaterOnes() {
    var policy = new RetryPolicy(10, Duration.ofMillis(1), Duration.ofSeconds(1));
    long first = 0;
    long sixth = 0;
    for (int i = 0; i < 2_000; i++) {
      first = Math.max(first, policy.backoffNanos(1));
      sixth = Math.max(sixth, policy.backoffNanos(6));
    }
    assertThat(first).isLessThan(Duration.ofMillis(2).toNanos());
    assertThat(sixth).isGreaterThan(Duration.ofMillis(10).toNanos());
  }

  @Test
  void nonsensePoliciesAreRefused() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(1)))
        .hasMessageContaining("baseDelay");
  }

  @Test
  void onlySafeFailuresAreRetried() {
    assertThat(Transactor.retryable(new SQLException("x", "40001"))).isTrue();
    assertThat(Transactor.retryable(new SQLException("x", "40P01"))).isTrue();
    assertThat(Transactor.retryable(new SQLException("x", "57P01"))).isTrue();
    assertThat(Transactor.retryable(new SQLException("x", "08006"))).isTrue();
    assertThat(Transactor.retryable(new SQLException("x", "23514"))).isFalse();
    assertThat(Transactor.retryable(new SQLException("x", "42601"))).isFalse();
  }
}
