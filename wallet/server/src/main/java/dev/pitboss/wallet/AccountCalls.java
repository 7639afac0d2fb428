package dev.pitboss.wallet;

import dev.pitboss.wallet.v1.GetBalanceRequest;
import dev.pitboss.wallet.v1.GetBalanceResponse;
import dev.pitboss.wallet.v1.HistoryRequest;
import dev.pitboss.wallet.v1.HistoryResponse;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.OpenAccountResponse;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** OpenAccount, GetBalance and History. */
final class AccountCalls {
  private final CallTemplate calls;
  private final Ledger ledger;

  AccountCalls(CallTemplate calls, Ledger ledger) {
    this.calls = calls;
    this.ledger = ledger;
  }

  void openAccount(OpenAccountRequest req, StreamObserver<OpenAccountResponse> out) {
    calls.mutate(
        "OpenAccount",
        req,
        req.getIdempotencyKey(),
        OpenAccountResponse.parser(),
        out,
        CallTemplate.Keys.CLAIMED,
        () -> {
          String kind = Validation.kind(req.getKind());
          String owner = Validation.text("owner", req.getOwner(), 128, true);
          String currency = Validation.currency("currency", req.getCurrency());
          String region = Validation.region(req.getHomeRegion());
          if (kind.equals(Policy.HOUSE) && owner.contains("#")) {
            throw WalletException.invalid("house owners with '#' are the wallet's own shards");
          }
          return tx -> {
            calls.policy().require(tx.caller(), "OpenAccount", Policy.Access.open(kind, owner));
            var opened = ledger.openAccount(tx.db(), kind, owner, currency, region);
            return OpenAccountResponse.newBuilder()
                .setAccount(opened.getKey().toProto())
                .setCreated(opened.getValue())
                .build();
          };
        });
  }

  void getBalance(GetBalanceRequest req, StreamObserver<GetBalanceResponse> out) {
    calls.read(
        "GetBalance",
        req,
        out,
        () -> {
          var id = Validation.accountId("account_id", req.getAccountId());
          return (db, caller) -> {
            var account = ledger.require(db, id);
            calls.policy().require(caller, "GetBalance", Policy.Access.account(account.kind()));
            return GetBalanceResponse.newBuilder().setAccount(account.toProto()).build();
          };
        });
  }

  void history(HistoryRequest req, StreamObserver<HistoryResponse> out) {
    calls.read(
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
          return (db, caller) -> {
            var account = ledger.require(db, id);
            calls.policy().require(caller, "History", Policy.Access.account(account.kind()));
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
}
