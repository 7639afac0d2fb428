package dev.pitboss.wallet;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may move which money: the wallet's one authorisation table (the same table is in
 * wallet/README.md). A row names an identity (the component of its SPIFFE id), a method, and what
 * that call may touch: account kinds, hold reference shapes, the kinds a transfer debits and
 * credits. Anything not in the table is PERMISSION_DENIED.
 *
 * <p>The game server is scoped by account kind and reference family, not by the tables it hosts:
 * that needs one identity per game-server pod (see the README).
 */
final class Policy {
  static final String PLAYER = "PLAYER";
  static final String TABLE_ESCROW = "TABLE_ESCROW";
  static final String PRIZE_POOL = "PRIZE_POOL";
  static final String HOUSE = "HOUSE";

  /** The one house account per currency that callers credit; shards stay inside the wallet. */
  static final String HOUSE_OWNER = "house";

  private static final String SEGMENT = "[^/\\s#]+";
  private static final String TABLE_ID = "table/" + SEGMENT + "/" + SEGMENT + "/[0-9]+";

  /** A cash-table buy-in: {@code seat/<tableId>/<playerId>/<reservationId>}. */
  static final Pattern SEAT_HOLD =
      Pattern.compile("seat/" + TABLE_ID + "/" + SEGMENT + "/" + SEGMENT);

  /** A tournament buy-in and fee: {@code tournament/<ns>/<name>/player/<playerId>[/<entry>]}. */
  static final Pattern TOURNAMENT_HOLD =
      Pattern.compile(
          "tournament/" + SEGMENT + "/" + SEGMENT + "/player/" + SEGMENT + "(/" + SEGMENT + ")?");

  /** One seat's escrow account: {@code <tableId>#<seat>}. */
  static final Pattern ESCROW_OWNER = Pattern.compile(TABLE_ID + "#[0-9]+");

  /** What the operator releases (and closes) when a tournament is cancelled or deleted. */
  static final Pattern TOURNAMENT_PREFIX =
      Pattern.compile("tournament/" + SEGMENT + "/" + SEGMENT + "/");

  /** The matchmaker's bulk releases: one table's seat holds or one tournament's holds. */
  static final Pattern MATCHMAKER_PREFIX =
      Pattern.compile("(seat/" + TABLE_ID + "/|tournament/" + SEGMENT + "/" + SEGMENT + "/).*");

  /**
   * What a call would touch, as far as the policy cares.
   *
   * @param kind the account opened, read, deposited to or held on; a capture's destination
   * @param owner the owner of the account opened
   * @param reference a hold's reference, or a ReleaseHolds prefix
   * @param feeKind a capture's fee destination, or null
   * @param debits kinds of the accounts a transfer debits
   * @param credits kinds of the accounts a transfer credits
   */
  record Access(
      String kind,
      String owner,
      String reference,
      String feeKind,
      List<String> debits,
      List<String> credits) {

    static Access account(String kind) {
      return new Access(kind, "", "", null, List.of(), List.of());
    }

    static Access open(String kind, String owner) {
      return new Access(kind, owner, "", null, List.of(), List.of());
    }

    static Access hold(String kind, String reference) {
      return new Access(kind, "", reference, null, List.of(), List.of());
    }

    static Access reference(String reference) {
      return new Access("", "", reference, null, List.of(), List.of());
    }

    static Access capture(String reference, String toKind, String feeKind) {
      return new Access(toKind, "", reference, feeKind, List.of(), List.of());
    }

    static Access transfer(List<String> debits, List<String> credits) {
      return new Access("", "", "", null, List.copyOf(debits), List.copyOf(credits));
    }

    boolean kindIn(String... kinds) {
      return Set.of(kinds).contains(kind);
    }

    boolean opensTheHouse() {
      return kind.equals(HOUSE) && owner.equals(HOUSE_OWNER);
    }

    boolean seatHold() {
      return SEAT_HOLD.matcher(reference).matches();
    }

    boolean tournamentHold() {
      return TOURNAMENT_HOLD.matcher(reference).matches();
    }

    boolean debitsOnly(String... kinds) {
      return !debits.isEmpty() && Set.of(kinds).containsAll(debits);
    }

    boolean creditsOnly(String... kinds) {
      return !credits.isEmpty() && Set.of(kinds).containsAll(credits);
    }
  }

  @FunctionalInterface
  interface Rule {
    boolean allows(Access access);
  }

  /** THE TABLE: component → method → what it may touch. Keep wallet/README.md in step. */
  static final Map<String, Map<String, Rule>> STANDARD_TABLE =
      Map.of(
          "payments",
          Map.of(
              "OpenAccount", a -> a.kindIn(PLAYER),
              "GetBalance", a -> a.kindIn(PLAYER),
              "Deposit", a -> a.kindIn(PLAYER),
              "Withdraw", a -> a.kindIn(PLAYER)),
          "matchmaker",
          Map.of(
              "OpenAccount", a -> a.kindIn(PLAYER, PRIZE_POOL) || a.opensTheHouse(),
              "GetBalance", a -> a.kindIn(PLAYER, PRIZE_POOL),
              "Hold", a -> a.kindIn(PLAYER) && (a.seatHold() || a.tournamentHold()),
              "ReleaseHold", a -> a.seatHold() || a.tournamentHold(),
              "ReleaseHolds", a -> MATCHMAKER_PREFIX.matcher(a.reference()).matches(),
              "CaptureHold",
                  a ->
                      a.tournamentHold()
                          && a.kindIn(PRIZE_POOL)
                          && (a.feeKind() == null || a.feeKind().equals(HOUSE)),
              "Transfer", a -> a.debitsOnly(PRIZE_POOL) && a.creditsOnly(PLAYER)),
          "game-server",
          Map.of(
              // PLAYER: a table reopened after a crash learns whom to pay out from the hold
              // reference, and needs that player's account id; opening moves no money.
              "OpenAccount",
                  a ->
                      (a.kindIn(TABLE_ESCROW) && ESCROW_OWNER.matcher(a.owner()).matches())
                          || a.kindIn(PLAYER)
                          || a.opensTheHouse(),
              "GetBalance", a -> a.kindIn(TABLE_ESCROW),
              "History", a -> a.kindIn(TABLE_ESCROW),
              "CaptureHold", a -> a.seatHold() && a.kindIn(TABLE_ESCROW) && a.feeKind() == null,
              "ReleaseHold", Access::seatHold,
              "Transfer",
                  a -> a.debitsOnly(TABLE_ESCROW) && a.creditsOnly(TABLE_ESCROW, HOUSE, PLAYER),
              "GetAttachment", a -> a.reference().startsWith("table/")),
          "operator",
          Map.of("ReleaseHolds", a -> TOURNAMENT_PREFIX.matcher(a.reference()).matches()),
          "reconcile",
          Map.of("Reconcile", a -> true, "GetAttachment", a -> true));

  static final Policy STANDARD = new Policy(STANDARD_TABLE);

  private final Map<String, Map<String, Rule>> table;

  Policy(Map<String, Map<String, Rule>> table) {
    this.table = Map.copyOf(table);
  }

  /** Whether the identity may call the method at all; checked before anything is read. */
  void requireMethod(Identity who, String method) {
    if (rule(who, method) == null) {
      throw WalletException.denied(who + " may not call " + method);
    }
  }

  /** Whether this call, with what it would touch, is allowed; checked inside the transaction. */
  void require(Identity who, String method, Access access) {
    var rule = rule(who, method);
    if (rule == null || !rule.allows(access)) {
      throw WalletException.denied(who + " may not call " + method + " on " + describe(access));
    }
  }

  private Rule rule(Identity who, String method) {
    var methods = table.get(who.component());
    return methods == null ? null : methods.get(method);
  }

  /** What was refused, without amounts or balances. */
  private static String describe(Access a) {
    var parts = new java.util.ArrayList<String>();
    if (!a.kind().isEmpty()) {
      parts.add("kind " + a.kind());
    }
    if (!a.owner().isEmpty()) {
      parts.add("owner '" + a.owner() + "'");
    }
    if (!a.reference().isEmpty()) {
      parts.add("reference '" + a.reference() + "'");
    }
    if (a.feeKind() != null) {
      parts.add("fee to " + a.feeKind());
    }
    if (!a.debits().isEmpty() || !a.credits().isEmpty()) {
      parts.add("debits " + a.debits() + ", credits " + a.credits());
    }
    return parts.isEmpty() ? "this request" : String.join(", ", parts);
  }
}
