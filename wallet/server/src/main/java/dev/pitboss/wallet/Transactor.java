package dev.pitboss.wallet;

import io.grpc.Status;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a unit of work in one SERIALIZABLE transaction and retries it when the database says
 * retrying is safe: serialization failures, deadlocks, lost connections. A retry after a lost
 * COMMIT acknowledgement is safe too, because every mutating unit first looks up its idempotency
 * key and replays the stored result if the first attempt did commit.
 */
final class Transactor {
  private static final Logger log = LoggerFactory.getLogger(Transactor.class);

  /** Constraints whose violation means "someone else just did it; look again". */
  private static final Set<String> RACE_CONSTRAINTS =
      Set.of(
          "idempotency_keys_pkey",
          "idempotent_results_pkey",
          "accounts_natural_key",
          "transfers_idempotency_key_key");

  interface Work<T> {
    T run(Connection db) throws SQLException;
  }

  interface RetryListener {
    void retried(String method, String sqlState);
  }

  /** A pooled connection, waiting at most the given time for one. */
  interface Connections {
    Connection get(long timeoutMillis) throws SQLException;
  }

  private final Connections pool;
  private final RetryPolicy policy;
  private final RetryListener listener;

  Transactor(Connections pool, RetryPolicy policy, RetryListener listener) {
    this.pool = pool;
    this.policy = policy;
    this.listener = listener;
  }

  <T> T run(String method, long deadlineNanos, Work<T> work) {
    SQLException last = null;
    for (int attempt = 0; attempt < policy.maxAttempts(); attempt++) {
      if (attempt > 0) {
        long wait = Math.min(policy.backoffNanos(attempt), deadlineNanos - System.nanoTime());
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        throw deadlineReached(method, attempt, last);
      }
      Connection db;
      try {
        // Never wait for a connection longer than the call may run: a call whose caller has gone
        // must not start an attempt later, when the pool frees up.
        db = pool.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      } catch (SQLException e) {
        if (System.nanoTime() >= deadlineNanos) {
          throw deadlineReached(method, attempt, e);
        }
        last = e;
        listener.retried(method, String.valueOf(e.getSQLState()));
        continue;
      }
      try (db) {
        if (System.nanoTime() >= deadlineNanos) {
          throw deadlineReached(method, attempt, last);
        }
        try {
          T result = work.run(db);
          // Usually the work's last batch carried the COMMIT already; then this sends nothing.
          db.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(db);
          throw e;
        }
      } catch (SQLException e) {
        WalletException refusal = asRefusal(e);
        if (refusal != null) {
          throw refusal;
        }
        if (!retryable(e)) {
          throw new IllegalStateException(method + ": database error " + e.getSQLState(), e);
        }
        last = e;
        listener.retried(method, String.valueOf(e.getSQLState()));
        log.debug("{} attempt {} failed with SQLSTATE {}, retrying", method, attempt + 1, e);
      }
    }
    throw WalletException.gaveUp(
        Status.Code.ABORTED,
        method
            + ": gave up after "
            + policy.maxAttempts()
            + " attempts (last SQLSTATE "
            + (last == null ? "?" : last.getSQLState())
            + "); retry with the same idempotency key");
  }

  private static WalletException deadlineReached(String method, int attempts, SQLException last) {
    return WalletException.gaveUp(
        Status.Code.DEADLINE_EXCEEDED,
        method
            + ": deadline reached after "
            + attempts
            + " attempt(s)"
            + (last == null ? "" : ", last error SQLSTATE " + last.getSQLState())
            + "; retry with the same idempotency key");
  }

  private static void rollbackQuietly(Connection db) {
    try {
      if (!db.isClosed()) {
        db.rollback();
      }
    } catch (SQLException ignored) {
      // The connection is broken; the pool evicts it and the server has already rolled back.
    }
  }

  static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      // The driver lost the socket before a server error arrived.
      return true;
    }
    return switch (state) {
      case "40001", "40P01", "57P01", "57P02", "57P03" -> true;
      case "23505" -> RACE_CONSTRAINTS.contains(constraint(e));
      default -> state.startsWith("08");
    };
  }

  /** Database errors that are the caller's fault, translated into the caller's language. */
  private static WalletException asRefusal(SQLException e) {
    String state = e.getSQLState();
    if ("57014".equals(state)) {
      // statement_timeout: the connection's timeout is the longest call deadline.
      return WalletException.gaveUp(
          Status.Code.DEADLINE_EXCEEDED,
          "the statement outlived the call's deadline; retry with the same idempotency key");
    }
    if ("22003".equals(state)) {
      return WalletException.invalid(
          "amount would overflow an account balance (int64 minor units)");
    }
    if ("23505".equals(state) && "holds_active_reference".equals(constraint(e))) {
      return WalletException.precondition("an active hold with this reference already exists");
    }
    return null;
  }

  private static String constraint(SQLException e) {
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      return p.getServerErrorMessage().getConstraint();
    }
    return null;
  }

  static long deadline(long timeout, TimeUnit unit) {
    return System.nanoTime() + unit.toNanos(timeout);
  }
}
