package dev.pitboss.gameserver.money;

import com.google.protobuf.ByteString;
import dev.pitboss.gameserver.ops.GameServerMetrics;
import dev.pitboss.gameserver.table.Bank;
import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.Attachment;
import dev.pitboss.wallet.v1.CaptureHoldRequest;
import dev.pitboss.wallet.v1.GetBalanceRequest;
import dev.pitboss.wallet.v1.HistoryRequest;
import dev.pitboss.wallet.v1.Leg;
import dev.pitboss.wallet.v1.Money;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.TransferRequest;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A cash table's {@link Bank} in the wallet. Each seat has an escrow account, owner {@code
 * <tableId>#<seat>}; rake goes to the house account of the currency. Every call carries an
 * idempotency key derived from what it does (the hold it captures, the hand it settles, the sitting
 * it ends), and a call whose outcome is unknown (unavailable, deadline) is retried with the same
 * key until the wallet gives a definite answer, so a hand is settled exactly once or not at all.
 */
public final class WalletBank implements Bank {

  /** A seat found holding chips when a table reopens: its player and their chips. */
  public record Recovered(Map<Integer, Sitting> seats, long lastHand) {}

  public record Sitting(String player, String hold, long chips) {}

  private static final Pattern HAND = Pattern.compile(".*/hand/(\\d+)$");

  /** The media type of the hand history stored with each settlement. */
  public static final String HAND_HISTORY = "application/vnd.pitboss.hand-history+json";

  private final WalletGrpc.WalletBlockingStub wallet;
  private final String table;
  private final String currency;
  private final Duration callTimeout;
  private final GameServerMetrics metrics;
  private final Map<Integer, String> escrow = new HashMap<>();
  private final Map<Integer, Sitting> sittings = new HashMap<>();
  private String house;

  public WalletBank(
      WalletGrpc.WalletBlockingStub wallet,
      String table,
      String currency,
      Duration callTimeout,
      GameServerMetrics metrics) {
    this.wallet = wallet;
    this.table = table;
    this.currency = currency;
    this.callTimeout = callTimeout;
    this.metrics = metrics;
  }

  @Override
  public long buyIn(int seat, String player, String holdReference, long amount) {
    var to = escrow(seat);
    long start = System.nanoTime();
    var request =
        CaptureHoldRequest.newBuilder()
            .setIdempotencyKey("buyin/" + holdReference)
            .setReference(holdReference)
            .setToAccountId(to)
            .setAmount(money(amount))
            .build();
    long chips;
    try {
      // A capture the wallet already made answers again under its key: the escrow is read before
      // and after, so a hold that funded an earlier sitting never funds a second one.
      long before = escrowBalance(to);
      definite("buyIn", () -> stub().captureHold(request));
      chips = escrowBalance(to);
      if (chips - before != amount) {
        throw new MoneyException(
            "the buy-in hold "
                + holdReference
                + " was already used for an earlier sitting: ask the matchmaker for a new seat",
            null);
      }
    } catch (StatusRuntimeException e) {
      throw new MoneyException("the buy-in hold could not be captured: " + describe(e), e);
    } finally {
      metrics.wallet("buyIn", start);
    }
    sittings.put(seat, new Sitting(player, holdReference, chips));
    return chips;
  }

  private long escrowBalance(String account) {
    return definite(
            "balance",
            () -> stub().getBalance(GetBalanceRequest.newBuilder().setAccountId(account).build()))
        .getAccount()
        .getBalanceMinorUnits();
  }

  @Override
  public void settle(long hand, Map<Integer, Long> deltas, long rake, String history) {
    var key = table + "/hand/" + hand;
    var request =
        TransferRequest.newBuilder()
            .setIdempotencyKey(key)
            .setReference(key)
            .setAttachment(
                Attachment.newBuilder()
                    .setMediaType(HAND_HISTORY)
                    .setContent(ByteString.copyFromUtf8(history)));
    deltas.forEach(
        (seat, delta) ->
            request.addLegs(Leg.newBuilder().setAccountId(escrow(seat)).setAmount(money(delta))));
    if (rake > 0) request.addLegs(Leg.newBuilder().setAccountId(house()).setAmount(money(rake)));
    if (request.getLegsCount() < 2) return;
    long start = System.nanoTime();
    try {
      definite("settle", () -> stub().transfer(request.build()));
    } finally {
      metrics.wallet("settle", start);
    }
  }

  @Override
  public void cashOut(int seat, String player, long amount) {
    var sitting = sittings.get(seat);
    var ref = sitting == null ? table + "#" + seat + "/" + player : sitting.hold();
    var key = "cashout/" + ref;
    var account = playerAccount(player);
    var request =
        TransferRequest.newBuilder()
            .setIdempotencyKey(key)
            .setReference(table + "/cashout/" + player)
            .addLegs(Leg.newBuilder().setAccountId(escrow(seat)).setAmount(money(-amount)))
            .addLegs(Leg.newBuilder().setAccountId(account).setAmount(money(amount)))
            .build();
    long start = System.nanoTime();
    try {
      definite("cashOut", () -> stub().transfer(request));
    } catch (StatusRuntimeException e) {
      // The sitting stays: a later try pays out under the same key.
      throw new MoneyException(
          "paying " + amount + " out to " + player + " was refused: " + describe(e), e);
    } finally {
      metrics.wallet("cashOut", start);
    }
    sittings.remove(seat);
  }

  /**
   * What the ledger says about this table after a restart: every seat whose escrow holds chips,
   * with the player whose buy-in put them there, and the last hand it settled.
   */
  public Recovered recover(int seats) {
    var found = new TreeMap<Integer, Sitting>();
    long lastHand = 0;
    for (int seat = 1; seat <= seats; seat++) {
      var id = escrow(seat);
      long balance =
          definite(
                  "balance",
                  () -> stub().getBalance(GetBalanceRequest.newBuilder().setAccountId(id).build()))
              .getAccount()
              .getBalanceMinorUnits();
      String capture = null;
      var page = "";
      do {
        var token = page;
        var history =
            definite(
                "history",
                () ->
                    stub()
                        .history(
                            HistoryRequest.newBuilder()
                                .setAccountId(id)
                                .setPageSize(500)
                                .setPageToken(token)
                                .build()));
        for (var p : history.getPostingsList()) {
          var hand = HAND.matcher(p.getReference());
          if (hand.matches()) lastHand = Math.max(lastHand, Long.parseLong(hand.group(1)));
          if (capture == null && "CAPTURE".equals(p.getTransferKind())) capture = p.getReference();
        }
        page = history.getNextPageToken();
      } while (!page.isEmpty() && (capture == null || lastHand == 0));
      if (balance > 0 && capture != null) {
        var player = playerOf(capture);
        var sitting = new Sitting(player, capture, balance);
        sittings.put(seat, sitting);
        found.put(seat, sitting);
      }
    }
    return new Recovered(found, lastHand);
  }

  /** The player named in a cash seat's hold reference {@code seat/<tableId>/<player>/<id>}. */
  static String playerOf(String holdReference) {
    var rest = holdReference.substring(holdReference.indexOf('/') + 1);
    var withoutId = rest.substring(0, rest.lastIndexOf('/'));
    return withoutId.substring(withoutId.lastIndexOf('/') + 1);
  }

  private String escrow(int seat) {
    return escrow.computeIfAbsent(
        seat, s -> open(AccountKind.ACCOUNT_KIND_TABLE_ESCROW, table + "#" + s));
  }

  private String house() {
    if (house == null) house = open(AccountKind.ACCOUNT_KIND_HOUSE, "house");
    return house;
  }

  private String playerAccount(String player) {
    return open(AccountKind.ACCOUNT_KIND_PLAYER, player);
  }

  private String open(AccountKind kind, String owner) {
    var request =
        OpenAccountRequest.newBuilder()
            .setIdempotencyKey("open/" + kind.name() + "/" + owner + "/" + currency)
            .setKind(kind)
            .setOwner(owner)
            .setCurrency(currency)
            .build();
    return definite("openAccount", () -> stub().openAccount(request)).getAccount().getAccountId();
  }

  private Money money(long amount) {
    return Money.newBuilder().setMinorUnits(amount).setCurrency(currency).build();
  }

  private WalletGrpc.WalletBlockingStub stub() {
    return wallet.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Calls until the wallet answers definitely. Unavailable, aborted and deadline-exceeded leave the
   * outcome unknown; the same idempotency key makes the retry safe. Backoff is jittered and capped.
   */
  private <T> T definite(String name, Supplier<T> call) {
    long pause = 20;
    while (true) {
      try {
        return call.get();
      } catch (StatusRuntimeException e) {
        var code = e.getStatus().getCode();
        boolean unknown =
            code == Status.Code.UNAVAILABLE
                || code == Status.Code.ABORTED
                || code == Status.Code.DEADLINE_EXCEEDED;
        if (!unknown) throw e;
        metrics.walletRetry(name);
      }
      try {
        Thread.sleep(ThreadLocalRandom.current().nextLong(pause / 2, pause + 1));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the wallet was unavailable");
      }
      pause = Math.min(pause * 2, 5_000);
    }
  }

  private static String describe(StatusRuntimeException e) {
    return Optional.ofNullable(e.getStatus().getDescription())
        .orElse(e.getStatus().getCode().name());
  }
}
