package dev.pitboss.wallet;

import dev.pitboss.wallet.v1.TransferRequest;
import dev.pitboss.wallet.v1.TransferResult;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Transfer: one journal entry with several signed legs, e.g. a hand's settlement. */
final class TransferCalls {
  private final CallTemplate calls;
  private final Ledger ledger;
  private final HotAccounts hot;

  TransferCalls(CallTemplate calls, Ledger ledger, HotAccounts hot) {
    this.calls = calls;
    this.ledger = ledger;
    this.hot = hot;
  }

  void transfer(TransferRequest req, StreamObserver<TransferResult> out) {
    calls.mutate(
        "Transfer",
        req,
        req.getIdempotencyKey(),
        TransferResult.parser(),
        out,
        CallTemplate.Keys.FOLDED,
        () -> {
          var legs = legs(req);
          String ref =
              Validation.text(
                  "reference", req.getReference(), Validation.MAX_REFERENCE_LENGTH, false);
          var evidence = evidence(req, ref);
          return tx ->
              ledger.post(
                  tx.db(),
                  tx.batch(),
                  "TRANSFER",
                  req.getIdempotencyKey(),
                  ref,
                  hot.redirect(legs),
                  tx.claim(),
                  (applied, rows) ->
                      calls.policy().require(tx.caller(), "Transfer", access(applied, rows)),
                  evidence);
        });
  }

  /** The largest attachment: a ten-player hand history with every reveal fits with room. */
  static final int MAX_ATTACHMENT_BYTES = 48 * 1024;

  /** The attachment, checked: a media type, at most 48 KiB, and a reference to find it by. */
  static Ledger.Evidence evidence(TransferRequest req, String reference) {
    if (!req.hasAttachment()) return null;
    var a = req.getAttachment();
    String type = Validation.text("attachment.media_type", a.getMediaType(), 100, true);
    if (a.getContent().size() > MAX_ATTACHMENT_BYTES)
      throw WalletException.invalid(
          "attachment.content is "
              + a.getContent().size()
              + " bytes; at most "
              + MAX_ATTACHMENT_BYTES);
    if (reference.isEmpty())
      throw WalletException.invalid(
          "a transfer with an attachment needs a reference to find it by");
    byte[] content = a.getContent().toByteArray();
    try {
      var sha = java.security.MessageDigest.getInstance("SHA-256").digest(content);
      return new Ledger.Evidence(type, content, java.util.HexFormat.of().formatHex(sha));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  void getAttachment(
      dev.pitboss.wallet.v1.GetAttachmentRequest req,
      StreamObserver<dev.pitboss.wallet.v1.AttachmentRecord> out) {
    calls.read(
        "GetAttachment",
        req,
        out,
        () -> {
          String ref =
              Validation.text(
                  "reference", req.getReference(), Validation.MAX_REFERENCE_LENGTH, true);
          return (db, caller) -> {
            calls.policy().require(caller, "GetAttachment", Policy.Access.reference(ref));
            return ledger
                .attachment(db, ref)
                .orElseThrow(() -> WalletException.notFound("no attachment with reference " + ref));
          };
        });
  }

  /** The kinds a transfer debits and credits, as the policy sees them. */
  static Policy.Access access(List<Leg> legs, Map<UUID, AccountRow> rows) {
    var debits = new ArrayList<String>();
    var credits = new ArrayList<String>();
    for (var leg : legs) {
      (leg.delta() < 0 ? debits : credits).add(rows.get(leg.account()).kind());
    }
    return Policy.Access.transfer(debits, credits);
  }

  /** Legs that are well-formed on their own: distinct accounts, non-zero, zero-sum per currency. */
  static List<Leg> legs(TransferRequest req) {
    if (req.getLegsCount() < 2) {
      throw WalletException.invalid(
          "a transfer needs at least two legs, got " + req.getLegsCount());
    }
    if (req.getLegsCount() > Validation.MAX_LEGS) {
      throw WalletException.invalid(
          "a transfer has at most " + Validation.MAX_LEGS + " legs, got " + req.getLegsCount());
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
}
