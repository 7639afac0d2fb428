package dev.pitboss.wallet;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.pitboss.wallet.v1.HoldResult;
import dev.pitboss.wallet.v1.OpenAccountResponse;
import dev.pitboss.wallet.v1.ReleaseHoldsResponse;
import dev.pitboss.wallet.v1.TransferResult;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every call shares, so the handlers only say what their call does: the hand-off from the
 * transport thread, the deadline (taken at arrival), authentication and the method-level policy,
 * the SERIALIZABLE transaction with its retries, the caller-scoped idempotency key (claim, replay
 * or refusal), the stored result, the audit row, metrics and the refusal path. A refused call rolls
 * back and leaves only its audit row; a call refused for who it is (UNAUTHENTICATED,
 * PERMISSION_DENIED) is audited without its request body.
 */
final class CallTemplate {
  private static final Logger log = LoggerFactory.getLogger(CallTemplate.class);
  private static final byte[] NO_BODY = new byte[0];

  /** How a mutating call uses its idempotency key. */
  enum Keys {
    /** Claimed by its own statement first; a replay returns the stored result. */
    CLAIMED,
    /** Claimed by the handler's first statement (see {@link Claim}). */
    FOLDED,
    /** Required and audited, but every call runs: the call is safe to repeat (ReleaseHolds). */
    UNSTORED
  }

  /** What a handler's transaction sees. {@code claim} is set when the handler folds the claim. */
  record Tx(Connection db, Batch batch, Identity caller, Claim claim) {}

  @FunctionalInterface
  interface Apply<R> {
    R apply(Tx tx) throws SQLException;
  }

  @FunctionalInterface
  interface Read<R> {
    R read(Connection db, Identity caller) throws SQLException;
  }

  private record Outcome<R>(R response, String kind) {}

  private record Stored(String method, byte[] fingerprint, byte[] response) {}

  private final DataSource pool;
  private final Transactor transactor;
  private final Policy policy;
  private final WalletMetrics metrics;
  private final Duration callDeadline;
  private final Executor work;
  private final String region;

  CallTemplate(
      DataSource pool,
      Transactor transactor,
      Policy policy,
      WalletMetrics metrics,
      Duration callDeadline,
      Executor work,
      String region) {
    this.pool = pool;
    this.transactor = transactor;
    this.policy = policy;
    this.metrics = metrics;
    this.callDeadline = callDeadline;
    this.work = work;
    this.region = region;
  }

  Policy policy() {
    return policy;
  }

  /** A mutating call. {@code validate} runs first, without the database, and returns the work. */
  <R extends Message> void mutate(
      String method,
      Message req,
      String key,
      Parser<R> parser,
      StreamObserver<R> out,
      Keys keys,
      Supplier<Apply<R>> validate) {
    long start = System.nanoTime();
    long deadline = deadline(start);
    offload(out, () -> mutateNow(start, deadline, method, req, key, parser, out, keys, validate));
  }

  private <R extends Message> void mutateNow(
      long start,
      long deadline,
      String method,
      Message req,
      String key,
      Parser<R> parser,
      StreamObserver<R> out,
      Keys keys,
      Supplier<Apply<R>> validate) {
    Identity caller = null;
    try {
      caller = identity();
      policy.requireMethod(caller, method);
      Validation.idempotencyKey(key);
      var apply = validate.get();
      byte[] encoded = req.toByteArray();
      var claim =
          new Claim(caller.spiffeId(), key, method, Idempotency.fingerprint(method, encoded));
      var who = caller;
      Outcome<R> outcome =
          transactor.run(
              method,
              deadline,
              db -> {
                if (keys == Keys.CLAIMED && !claim(db, claim)) {
                  return replay(db, claim, encoded, parser, deadline);
                }
                var batch = new Batch();
                R response;
                try {
                  response =
                      apply.apply(new Tx(db, batch, who, keys == Keys.FOLDED ? claim : null));
                } catch (Claim.Taken taken) {
                  return replay(db, claim, encoded, parser, deadline);
                }
                if (keys != Keys.UNSTORED) {
                  batch.add(
                      "INSERT INTO idempotent_results (caller, idempotency_key, response)"
                          + " VALUES (?, ?, ?)",
                      claim.caller(),
                      key,
                      response.toByteArray());
                }
                audit(
                    batch,
                    who.spiffeId(),
                    method,
                    key,
                    encoded,
                    "APPLIED",
                    "OK",
                    summary(response));
                batch.executeAndCommit(db, deadline);
                return new Outcome<>(response, "applied");
              });
      metrics.call(method, outcome.kind(), start);
      out.onNext(outcome.response());
      out.onCompleted();
    } catch (WalletException e) {
      refuse(method, caller, key, req, e, start, out);
    } catch (RuntimeException e) {
      fail(method, caller, key, req, e, start, out);
    }
  }

  /** A call that only reads, on the calls' pool, audited in the same transaction. */
  <R extends Message> void read(
      String method, Message req, StreamObserver<R> out, Supplier<Read<R>> validate) {
    long start = System.nanoTime();
    long deadline = deadline(start);
    offload(out, () -> readNow(start, deadline, method, req, out, validate));
  }

  private <R extends Message> void readNow(
      long start,
      long deadline,
      String method,
      Message req,
      StreamObserver<R> out,
      Supplier<Read<R>> validate) {
    Identity caller = null;
    try {
      caller = identity();
      policy.requireMethod(caller, method);
      var query = validate.get();
      var who = caller;
      R response =
          transactor.run(
              method,
              deadline,
              db -> {
                R result = query.read(db, who);
                var batch = new Batch();
                audit(batch, who.spiffeId(), method, null, req.toByteArray(), "READ", "OK", "");
                batch.executeAndCommit(db, deadline);
                return result;
              });
      metrics.call(method, "read", start);
      out.onNext(response);
      out.onCompleted();
    } catch (WalletException e) {
      refuse(method, caller, null, req, e, start, out);
    } catch (RuntimeException e) {
      fail(method, caller, null, req, e, start, out);
    }
  }

  /**
   * A read that runs elsewhere (reconciliation: its own read-only snapshot, no call deadline) and
   * is audited on its own afterwards.
   */
  <R extends Message> void readAside(
      String method, Message req, StreamObserver<R> out, Supplier<R> query) {
    long start = System.nanoTime();
    offload(
        out,
        () -> {
          Identity caller = null;
          try {
            caller = identity();
            policy.requireMethod(caller, method);
            R response = query.get();
            auditAlone(caller.spiffeId(), method, null, req.toByteArray(), "READ", "OK", "");
            metrics.call(method, "read", start);
            out.onNext(response);
            out.onCompleted();
          } catch (WalletException e) {
            refuse(method, caller, null, req, e, start, out);
          } catch (RuntimeException e) {
            fail(method, caller, null, req, e, start, out);
          }
        });
  }

  /**
   * A read served over the HTTPS port rather than gRPC (reconciliation): the same policy row, audit
   * row and metrics as the gRPC call. {@code caller} is the identity the client certificate proved,
   * or null and {@code refusal} says why there is none.
   *
   * @throws WalletException UNAUTHENTICATED without a proven identity, PERMISSION_DENIED when the
   *     policy does not give the identity this method
   */
  <R> R readOverHttps(String method, Identity caller, String refusal, Supplier<R> query) {
    long start = System.nanoTime();
    try {
      if (caller == null) {
        throw WalletException.unauthenticated("no trusted caller identity: " + refusal);
      }
      policy.requireMethod(caller, method);
      R response = query.get();
      auditAlone(caller.spiffeId(), method, null, NO_BODY, "READ", "OK", "over HTTPS");
      metrics.call(method, "read", start);
      return response;
    } catch (WalletException e) {
      auditAlone(
          caller == null ? "unauthenticated" : caller.spiffeId(),
          method,
          null,
          NO_BODY,
          "REJECTED",
          e.code().name(),
          e.getMessage());
      metrics.error(method, e.code().name());
      metrics.call(method, "rejected", start);
      throw e;
    }
  }

  /** The caller's proven identity (then the policy decides what it may call). */
  private static Identity identity() {
    var caller = Authentication.IDENTITY.get();
    if (caller == null) {
      var why = Authentication.REFUSAL.get();
      throw WalletException.unauthenticated(
          why == null ? "no caller identity" : "no trusted caller identity: " + why);
    }
    return caller;
  }

  /**
   * Hands a call from the transport thread it arrived on to a worker, once: the gRPC server runs on
   * a direct executor, so this is the call's only thread hand-off on the way in. The worker sees
   * the call's context (identity, deadline).
   */
  private void offload(StreamObserver<?> out, Runnable call) {
    try {
      work.execute(Context.current().wrap(call));
    } catch (RejectedExecutionException e) {
      out.onError(
          Status.UNAVAILABLE
              .withDescription("the wallet is shutting down; retry on another replica")
              .asRuntimeException());
    }
  }

  /**
   * When the call must be over: the caller's deadline if sooner than the server's, from arrival.
   */
  private long deadline(long arrival) {
    long budget = callDeadline.toNanos();
    var grpcDeadline = Context.current().getDeadline();
    if (grpcDeadline != null) {
      budget = Math.min(budget, grpcDeadline.timeRemaining(TimeUnit.NANOSECONDS));
    }
    return arrival + budget;
  }

  private void refuse(
      String method,
      Identity caller,
      String key,
      Message req,
      WalletException e,
      long start,
      StreamObserver<?> out) {
    boolean forWhoItIs =
        e.code() == Status.Code.UNAUTHENTICATED || e.code() == Status.Code.PERMISSION_DENIED;
    auditAlone(
        caller == null ? "unauthenticated" : caller.spiffeId(),
        method,
        key,
        forWhoItIs ? NO_BODY : req.toByteArray(),
        "REJECTED",
        e.code().name(),
        e.getMessage());
    metrics.error(method, e.code().name());
    metrics.call(method, "rejected", start);
    out.onError(e.toStatus());
  }

  private void fail(
      String method,
      Identity caller,
      String key,
      Message req,
      RuntimeException e,
      long start,
      StreamObserver<?> out) {
    log.error("{} failed", method, e);
    auditAlone(
        caller == null ? "unauthenticated" : caller.spiffeId(),
        method,
        key,
        req.toByteArray(),
        "REJECTED",
        "INTERNAL",
        String.valueOf(e.getMessage()));
    metrics.error(method, "INTERNAL");
    metrics.call(method, "failed", start);
    out.onError(
        Status.INTERNAL
            .withDescription(method + " failed; retry with the same idempotency key")
            .asRuntimeException());
  }

  /**
   * Claims the key for this caller. The claim doubles as the lookup: an INSERT that finds the key
   * taken reads nothing else, whereas a SELECT of a missing key would lock the index gap under
   * SERIALIZABLE and make concurrent calls abort each other. A concurrent claim of the same key
   * waits for ours and then fails with 40001, and its retry replays our result.
   */
  private static boolean claim(Connection db, Claim claim) throws SQLException {
    try (var st =
        db.prepareStatement(
            "INSERT INTO idempotency_keys (caller, idempotency_key, method, request_hash)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (caller, idempotency_key) DO NOTHING")) {
      st.setString(1, claim.caller());
      st.setString(2, claim.key());
      st.setString(3, claim.method());
      st.setBytes(4, claim.fingerprint());
      return st.executeUpdate() == 1;
    }
  }

  /** The first result for a key this caller already used; refused if this is not the same call. */
  private <R extends Message> Outcome<R> replay(
      Connection db, Claim claim, byte[] encodedRequest, Parser<R> parser, long deadline)
      throws SQLException {
    var stored = storedResult(db, claim);
    if (!stored.method().equals(claim.method())
        || !Arrays.equals(stored.fingerprint(), claim.fingerprint())) {
      throw WalletException.keyReused(
          "idempotency_key '"
              + claim.key()
              + "' was already used for a different "
              + stored.method()
              + " request");
    }
    var batch = new Batch();
    audit(
        batch,
        claim.caller(),
        claim.method(),
        claim.key(),
        encodedRequest,
        "REPLAYED",
        "OK",
        "first result returned");
    batch.executeAndCommit(db, deadline);
    return new Outcome<>(parse(parser, stored.response()), "replayed");
  }

  private static Stored storedResult(Connection db, Claim claim) throws SQLException {
    try (var st =
        db.prepareStatement(
            "SELECT k.method, k.request_hash, r.response FROM idempotency_keys k"
                + " JOIN idempotent_results r ON r.caller = k.caller"
                + " AND r.idempotency_key = k.idempotency_key"
                + " WHERE k.caller = ? AND k.idempotency_key = ?")) {
      st.setString(1, claim.caller());
      st.setString(2, claim.key());
      try (var rs = st.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("idempotency key " + claim.key() + " has no result");
        }
        return new Stored(rs.getString(1), rs.getBytes(2), rs.getBytes(3));
      }
    }
  }

  private static <R extends Message> R parse(Parser<R> parser, byte[] bytes) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("stored response does not parse", e);
    }
  }

  private static String summary(Message response) {
    return switch (response) {
      case TransferResult t -> "transfer " + t.getTransferId();
      case HoldResult h -> "hold " + h.getHold().getHoldId() + " " + h.getHold().getStatus();
      case OpenAccountResponse o ->
          (o.getCreated() ? "opened " : "existing ") + o.getAccount().getAccountId();
      case ReleaseHoldsResponse r -> "released " + r.getReleasedCount() + " hold(s)";
      default -> response.getDescriptorForType().getName();
    };
  }

  /** Adds an audit row to a batch. */
  void audit(
      Batch batch,
      String caller,
      String method,
      String key,
      byte[] encodedRequest,
      String outcome,
      String status,
      String detail) {
    batch.add(
        "INSERT INTO audit_log (id, caller, method, idempotency_key, request, outcome, status,"
            + " detail, home_region) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Ids.next(),
        truncate(caller, 128),
        method,
        key == null || key.isEmpty() ? null : truncate(key, Validation.MAX_KEY_LENGTH),
        encodedRequest,
        outcome,
        status,
        detail,
        region);
  }

  /** An audit row on its own, for a call whose transaction rolled back or ran elsewhere. */
  private void auditAlone(
      String caller,
      String method,
      String key,
      byte[] encodedRequest,
      String outcome,
      String status,
      String detail) {
    try (var db = pool.getConnection()) {
      var batch = new Batch();
      audit(batch, caller, method, key, encodedRequest, outcome, status, detail);
      batch.executeAndCommit(db, System.nanoTime() + callDeadline.toNanos());
    } catch (SQLException | RuntimeException e) {
      log.error("could not audit {} call: {}", method, detail, e);
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
