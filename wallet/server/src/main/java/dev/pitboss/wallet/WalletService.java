package dev.pitboss.wallet;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.pitboss.wallet.v1.CaptureHoldRequest;
import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.GetBalanceRequest;
import dev.pitboss.wallet.v1.GetBalanceResponse;
import dev.pitboss.wallet.v1.HistoryRequest;
import dev.pitboss.wallet.v1.HistoryResponse;
import dev.pitboss.wallet.v1.HoldRequest;
import dev.pitboss.wallet.v1.HoldResult;
import dev.pitboss.wallet.v1.HoldStatus;
import dev.pitboss.wallet.v1.Money;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.OpenAccountResponse;
import dev.pitboss.wallet.v1.ReconcileReport;
import dev.pitboss.wallet.v1.ReconcileRequest;
import dev.pitboss.wallet.v1.ReleaseHoldRequest;
import dev.pitboss.wallet.v1.ReleaseHoldsRequest;
import dev.pitboss.wallet.v1.ReleaseHoldsResponse;
import dev.pitboss.wallet.v1.TransferRequest;
import dev.pitboss.wallet.v1.TransferResult;
import dev.pitboss.wallet.v1.WalletGrpc;
import dev.pitboss.wallet.v1.WithdrawRequest;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC face of the ledger. Each mutating call is one SERIALIZABLE transaction that (1) claims
 * its idempotency key (or finds the stored result), (2) applies the change, (3) stores the response
 * under the key and (4) appends an audit row; a refused call rolls back and leaves only an audit
 * row saying why.
 */
final class WalletService extends WalletGrpc.WalletImplBase {
  private static final Logger log = LoggerFactory.getLogger(WalletService.class);
  static final Context.Key<String> CALLER = Context.key("pitboss-caller");

  private final DataSource pool;
  private final Ledger ledger;
  private final Transactor transactor;
  private final WalletMetrics metrics;
  private final Duration callDeadline;
  private final Executor work;

  /**
   * @param work where calls run: they block on JDBC, so not on the gRPC transport's threads
   */
  WalletService(
      DataSource pool,
      Transactor.Connections connections,
      Ledger ledger,
      RetryPolicy retry,
      WalletMetrics metrics,
      Duration deadline,
      Executor work) {
    this.work = work;
    this.pool = pool;
    this.ledger = ledger;
    this.metrics = metrics;
    this.callDeadline = deadline;
    this.transactor = new Transactor(connections, retry, metrics::retried);
  }

  @FunctionalInterface
  private interface Apply<R> {
    R apply(Connection db, Batch batch, Claim claim) throws SQLException;
  }

  @FunctionalInterface
  private interface Read<R> {
    R read(Connection db) throws SQLException;
  }

  private record Outcome<R>(R response, String kind, String detail) {}

  @Override
  public void openAccount(OpenAccountRequest req, StreamObserver<OpenAccountResponse> out) {
    mutate(
        "OpenAccount",
        req,
        OpenAccountResponse.parser(),
        out,
        () -> {
          String kind = Validation.kind(req.getKind());
          String owner = Validation.text("owner", req.getOwner(), 128, true);
          String currency = Validation.currency("currency", req.getCurrency());
          String region = Validation.region(req.getHomeRegion());
          return (db, batch, claim) -> {
            var opened = ledger.openAccount(db, kind, owner, currency, region);
            return OpenAccountResponse.newBuilder()
                .setAccount(opened.getKey().toProto())
                .setCreated(opened.getValue())
                .build();
          };
        });
  }

  @Override
  public void deposit(DepositRequest req, StreamObserver<TransferResult> out) {
    cashMovement(
        "Deposit",
        "DEPOSIT",
        +1,
        req,
        req.getIdempotencyKey(),
        req.getAccountId(),
        req.getAmount(),
        req.getExternalReference(),
        out);
  }

  @Override
  public void withdraw(WithdrawRequest req, StreamObserver<TransferResult> out) {
    cashMovement(
        "Withdraw",
        "WITHDRAWAL",
        -1,
        req,
        req.getIdempotencyKey(),
        req.getAccountId(),
        req.getAmount(),
        req.getExternalReference(),
        out);
  }

  /**
   * Money crossing the wallet's edge: a deposit moves it from the currency's payments account to
   * the player ({@code direction} +1), a withdrawal from the player to it (-1); the debit leg comes
   * first either way.
   */
  private void cashMovement(
      String method,
      String kind,
      int direction,
      Message req,
      String idempotencyKey,
      String accountId,
      Money money,
      String externalReference,
      StreamObserver<TransferResult> out) {
    mutate(
        method,
        req,
        TransferResult.parser(),
        out,
        () -> {
          var account = Validation.accountId("account_id", accountId);
          long amount = Validation.positive("amount", money);
          String currency = money.getCurrency();
          String ref =
              Validation.text(
                  "external_reference", externalReference, Validation.MAX_REFERENCE_LENGTH, true);
          return (db, batch, claim) -> {
            requireNotExternal(db, account);
            var payments = ledger.paymentsAccount(db, currency).id();
            var from = direction > 0 ? payments : account;
            var to = direction > 0 ? account : payments;
            return ledger.post(
                db,
                batch,
                kind,
                idempotencyKey,
                ref,
                List.of(new Leg(from, -amount, 0, currency), new Leg(to, amount, 0, currency)));
          };
        });
  }

  private void requireNotExternal(Connection db, UUID account) throws SQLException {
    if (ledger.require(db, account).external()) {
      throw WalletException.precondition("account " + account + " is an external account");
    }
  }

  @Override
  public void hold(HoldRequest req, StreamObserver<HoldResult> out) {
    mutate(
        "Hold",
        req,
        HoldResult.parser(),
        out,
        () -> {
          var account = Validation.accountId("account_id", req.getAccountId());
          long amount = Validation.positive("amount", req.getAmount());
          String ref =
              Validation.text(
                  "reference", req.getReference(), Validation.MAX_REFERENCE_LENGTH, true);
          return (db, batch, claim) ->
              HoldResult.newBuilder()
                  .setHold(
                      ledger.hold(db, batch, account, amount, req.getAmount().getCurrency(), ref))
                  .build();
        });
  }

  @Override
  public void captureHold(CaptureHoldRequest req, StreamObserver<TransferResult> out) {
    mutate(
        "CaptureHold",
        req,
        TransferResult.parser(),
        out,
        () -> {
          String ref =
              Validation.text(
                  "reference", req.getReference(), Validation.MAX_REFERENCE_LENGTH, true);
          var to = Validation.accountId("to_account_id", req.getToAccountId());
          boolean partial = req.hasAmount() && req.getAmount().getMinorUnits() != 0;
          long requested = partial ? Validation.positive("amount", req.getAmount()) : 0;
          return (db, batch, claim) -> {
            var hold = ledger.activeHold(db, ref);
            long amount = partial ? requested : hold.amount();
            if (partial && !req.getAmount().getCurrency().equals(hold.currency())) {
              throw WalletException.precondition(
                  "currency mismatch: the hold is in "
                      + hold.currency()
                      + ", the amount is in "
                      + req.getAmount().getCurrency());
            }
            if (amount > hold.amount()) {
              throw WalletException.precondition(
                  "cannot capture " + amount + " from a hold of " + hold.amount());
            }
            if (to.equals(hold.account())) {
              throw WalletException.invalid("to_account_id is the account the hold is on");
            }
            var result =
                ledger.post(
                    db,
                    batch,
                    "CAPTURE",
                    req.getIdempotencyKey(),
                    ref,
                    List.of(
                        new Leg(hold.account(), -amount, -hold.amount(), hold.currency()),
                        new Leg(to, amount, 0, hold.currency())));
            ledger.settle(batch, hold, "CAPTURED", UUID.fromString(result.getTransferId()));
            return result;
          };
        });
  }

  @Override
  public void releaseHold(ReleaseHoldRequest req, StreamObserver<HoldResult> out) {
    mutate(
        "ReleaseHold",
        req,
        HoldResult.parser(),
        out,
        () -> {
          String ref =
              Validation.text(
                  "reference", req.getReference(), Validation.MAX_REFERENCE_LENGTH, true);
          return (db, batch, claim) -> {
            var hold = ledger.activeHold(db, ref);
            ledger.settle(batch, hold, "RELEASED", null);
            ledger.unreserve(batch, hold.account(), hold.amount());
            return HoldResult.newBuilder()
                .setHold(
                    Ledger.hold(
                        hold.id(),
                        ref,
                        hold.account(),
                        hold.amount(),
                        hold.currency(),
                        HoldStatus.HOLD_STATUS_RELEASED,
                        null))
                .build();
          };
        });
  }

  @Override
  public void releaseHolds(ReleaseHoldsRequest req, StreamObserver<ReleaseHoldsResponse> out) {
    mutate(
        "ReleaseHolds",
        req,
        ReleaseHoldsResponse.parser(),
        out,
        () -> {
          String prefix =
              Validation.text(
                  "reference_prefix",
                  req.getReferencePrefix(),
                  Validation.MAX_REFERENCE_LENGTH,
                  true);
          return (db, batch, claim) ->
              ReleaseHoldsResponse.newBuilder()
                  .addAllReleased(ledger.releaseAll(db, batch, prefix))
                  .build();
        });
  }

  @Override
  public void transfer(TransferRequest req, StreamObserver<TransferResult> out) {
    mutate(
        "Transfer",
        req,
        TransferResult.parser(),
        out,
        true,
        () -> {
          var legs = transferLegs(req);
          String ref =
              Validation.text(
                  "reference", req.getReference(), Validation.MAX_REFERENCE_LENGTH, false);
          return (db, batch, claim) ->
              ledger.post(db, batch, "TRANSFER", req.getIdempotencyKey(), ref, legs, claim);
        });
  }

  /** Legs that are well-formed on their own: distinct accounts, non-zero, zero-sum per currency. */
  private static List<Leg> transferLegs(TransferRequest req) {
    if (req.getLegsCount() < 2) {
      throw WalletException.invalid(
          "a transfer needs at least two legs, got " + req.getLegsCount());
    }
    var legs = new ArrayList<Leg>();
    var seen = new HashSet<UUID>();
    var sums = new HashMap<String, Long>();
    for (int i = 0; i < req.getLegsCount(); i++) {
      var leg = req.getLegs(i);
      String field = "legs[" + i + "]";
      var account = Validation.accountId(field + ".account_id", leg.getAccountId());
      String currency =
          Validation.currency(field + ".amount.currency", leg.getAmount().getCurrency());
      long amount = leg.getAmount().getMinorUnits();
      if (amount == 0) {
        throw WalletException.invalid(field + ".amount.minor_units must not be zero");
      }
      if (!seen.add(account)) {
        throw WalletException.invalid(
            field + ": account " + account + " appears in more than one leg");
      }
      try {
        sums.merge(currency, amount, Math::addExact);
      } catch (ArithmeticException e) {
        throw WalletException.invalid("the legs in " + currency + " overflow int64 when summed");
      }
      legs.add(new Leg(account, amount, 0, currency));
    }
    sums.forEach(
        (currency, sum) -> {
          if (sum != 0) {
            throw WalletException.invalid(
                "the legs in " + currency + " sum to " + sum + "; every transfer must sum to zero");
          }
        });
    return legs;
  }

  @Override
  public void getBalance(GetBalanceRequest req, StreamObserver<GetBalanceResponse> out) {
    read(
        "GetBalance",
        req,
        out,
        () -> {
          var id = Validation.accountId("account_id", req.getAccountId());
          return db ->
              GetBalanceResponse.newBuilder().setAccount(ledger.require(db, id).toProto()).build();
        });
  }

  @Override
  public void history(HistoryRequest req, StreamObserver<HistoryResponse> out) {
    read(
        "History",
        req,
        out,
        () -> {
          var id = Validation.accountId("account_id", req.getAccountId());
          int size = req.getPageSize() == 0 ? 50 : req.getPageSize();
          if (size < 1 || size > 500) {
            throw WalletException.invalid("page_size must be between 1 and 500, got " + size);
          }
          long before = decodePageToken(req.getPageToken());
          return db -> {
            ledger.require(db, id);
            var page = ledger.history(db, id, before, size + 1);
            var response = HistoryResponse.newBuilder();
            response.addAllPostings(page.subList(0, Math.min(size, page.size())));
            if (page.size() > size) {
              response.setNextPageToken(encodePageToken(page.get(size - 1).getSequence()));
            }
            return response.build();
          };
        });
  }

  private static String encodePageToken(long beforeSeq) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("before:" + beforeSeq).getBytes(StandardCharsets.US_ASCII));
  }

  private static long decodePageToken(String token) {
    if (token.isEmpty()) {
      return Long.MAX_VALUE;
    }
    try {
      var text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
      if (text.startsWith("before:")) {
        return Long.parseLong(text.substring("before:".length()));
      }
    } catch (IllegalArgumentException e) {
      // Falls through to the refusal below.
    }
    throw WalletException.invalid("page_token is not one this server returned");
  }

  @Override
  public void reconcile(ReconcileRequest req, StreamObserver<ReconcileReport> out) {
    read("Reconcile", req, out, () -> Reconciler::check);
  }

  // ---- the transaction shapes every call shares ----

  private <R extends Message> void mutate(
      String method,
      Message req,
      Parser<R> parser,
      StreamObserver<R> out,
      java.util.function.Supplier<Apply<R>> validate) {
    mutate(method, req, parser, out, false, validate);
  }

  /**
   * @param claimFolded the apply step claims the key in its first statement (see {@link Claim})
   */
  private <R extends Message> void mutate(
      String method,
      Message req,
      Parser<R> parser,
      StreamObserver<R> out,
      boolean claimFolded,
      java.util.function.Supplier<Apply<R>> validate) {
    long start = System.nanoTime();
    long deadline = deadline(start);
    offload(out, () -> mutateNow(start, deadline, method, req, parser, out, claimFolded, validate));
  }

  private <R extends Message> void mutateNow(
      long start,
      long deadline,
      String method,
      Message req,
      Parser<R> parser,
      StreamObserver<R> out,
      boolean claimFolded,
      java.util.function.Supplier<Apply<R>> validate) {
    String caller = CALLER.get();
    String key =
        (String) req.getField(req.getDescriptorForType().findFieldByName("idempotency_key"));
    try {
      Validation.idempotencyKey(key);
      var apply = validate.get();
      byte[] encoded = req.toByteArray();
      byte[] fingerprint = Idempotency.fingerprint(method, encoded);
      Outcome<R> outcome =
          transactor.run(
              method,
              deadline,
              db -> {
                var claim = new Claim(key, method, fingerprint);
                if (!claimFolded && !claim(db, claim)) {
                  return replay(db, claim, caller, encoded, parser, deadline);
                }
                var batch = new Batch();
                R response;
                try {
                  response = apply.apply(db, batch, claimFolded ? claim : null);
                } catch (Claim.Taken taken) {
                  return replay(db, claim, caller, encoded, parser, deadline);
                }
                batch.add(
                    "INSERT INTO idempotent_results (idempotency_key, response) VALUES (?, ?)",
                    key,
                    response.toByteArray());
                audit(batch, caller, method, key, encoded, "APPLIED", "OK", summary(response));
                batch.executeAndCommit(db, deadline);
                return new Outcome<>(response, "applied", "");
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

  private <R extends Message> void read(
      String method,
      Message req,
      StreamObserver<R> out,
      java.util.function.Supplier<Read<R>> validate) {
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
      java.util.function.Supplier<Read<R>> validate) {
    String caller = CALLER.get();
    try {
      var query = validate.get();
      R response =
          transactor.run(
              method,
              deadline,
              db -> {
                R result = query.read(db);
                var batch = new Batch();
                audit(batch, caller, method, null, req.toByteArray(), "READ", "OK", "");
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
   * Hands a call from the transport thread it arrived on to a worker, once: the gRPC server runs on
   * a direct executor, so this is the call's only thread hand-off on the way in. The worker sees
   * the call's context (caller, deadline).
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

  private void refuse(
      String method,
      String caller,
      String key,
      Message req,
      WalletException e,
      long start,
      StreamObserver<?> out) {
    auditAlone(caller, method, key, req, e.code().name(), e.getMessage());
    metrics.error(method, e.code().name());
    metrics.call(method, "rejected", start);
    out.onError(e.toStatus());
  }

  private void fail(
      String method,
      String caller,
      String key,
      Message req,
      RuntimeException e,
      long start,
      StreamObserver<?> out) {
    log.error("{} failed", method, e);
    auditAlone(caller, method, key, req, "INTERNAL", String.valueOf(e.getMessage()));
    metrics.error(method, "INTERNAL");
    metrics.call(method, "failed", start);
    out.onError(
        Status.INTERNAL
            .withDescription(method + " failed; retry with the same idempotency key")
            .asRuntimeException());
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

  private record Stored(String method, byte[] fingerprint, byte[] response) {}

  /**
   * Claims the key for this call. The claim doubles as the lookup: an INSERT that finds the key
   * taken reads nothing else, whereas a SELECT of a missing key would lock the index gap under
   * SERIALIZABLE and make concurrent calls abort each other. A concurrent claim of the same key
   * waits for ours and then fails with 40001, and its retry replays our result.
   */
  private static boolean claim(Connection db, Claim claim) throws SQLException {
    try (var st =
        db.prepareStatement(
            "INSERT INTO idempotency_keys (idempotency_key, method, request_hash) VALUES (?, ?, ?)"
                + " ON CONFLICT (idempotency_key) DO NOTHING")) {
      st.setString(1, claim.key());
      st.setString(2, claim.method());
      st.setBytes(3, claim.fingerprint());
      return st.executeUpdate() == 1;
    }
  }

  /** The first result for a key already used; refused if this request is not the same one. */
  private <R extends Message> Outcome<R> replay(
      Connection db,
      Claim claim,
      String caller,
      byte[] encodedRequest,
      Parser<R> parser,
      long deadline)
      throws SQLException {
    var stored = storedResult(db, claim.key());
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
        caller,
        claim.method(),
        claim.key(),
        encodedRequest,
        "REPLAYED",
        "OK",
        "first result returned");
    batch.executeAndCommit(db, deadline);
    return new Outcome<>(parse(parser, stored.response()), "replayed", "");
  }

  private static Stored storedResult(Connection db, String key) throws SQLException {
    try (var st =
        db.prepareStatement(
            "SELECT k.method, k.request_hash, r.response FROM idempotency_keys k"
                + " JOIN idempotent_results r ON r.idempotency_key = k.idempotency_key"
                + " WHERE k.idempotency_key = ?")) {
      st.setString(1, key);
      try (var rs = st.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("idempotency key " + key + " has no stored result");
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

  private void audit(
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
        caller,
        method,
        key == null || key.isEmpty() ? null : truncate(key, Validation.MAX_KEY_LENGTH),
        encodedRequest,
        outcome,
        status,
        detail,
        ledger.defaultRegion());
  }

  /**
   * The audit row of a refused call, written on its own since the call's transaction rolled back.
   */
  private void auditAlone(
      String caller, String method, String key, Message req, String status, String detail) {
    try (var db = pool.getConnection()) {
      var batch = new Batch();
      audit(batch, caller, method, key, req.toByteArray(), "REJECTED", status, detail);
      batch.executeAndCommit(db, System.nanoTime() + callDeadline.toNanos());
      db.commit();
    } catch (SQLException | RuntimeException e) {
      log.error("could not audit refused {} call: {}", method, detail, e);
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
