package dev.pitboss.wallet;

import dev.pitboss.wallet.v1.Account;
import dev.pitboss.wallet.v1.AccountKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** An account as stored, with its materialised balance and holds. */
record AccountRow(
    UUID id,
    String kind,
    String owner,
    String currency,
    String homeRegion,
    long balance,
    long held,
    long postingCount) {

  static final String COLUMNS =
      "id, kind, owner, currency, home_region, balance, held, posting_count";

  static AccountRow read(ResultSet rs) throws SQLException {
    return new AccountRow(
        rs.getObject("id", UUID.class),
        rs.getString("kind"),
        rs.getString("owner"),
        rs.getString("currency"),
        rs.getString("home_region"),
        rs.getLong("balance"),
        rs.getLong("held"),
        rs.getLong("posting_count"));
  }

  boolean external() {
    return kind.equals("EXTERNAL");
  }

  Account toProto() {
    return Account.newBuilder()
        .setAccountId(id.toString())
        .setKind(AccountKind.valueOf("ACCOUNT_KIND_" + kind))
        .setOwner(owner)
        .setCurrency(currency)
        .setHomeRegion(homeRegion)
        .setBalanceMinorUnits(balance)
        .setHeldMinorUnits(held)
        .setAvailableMinorUnits(balance - held)
        .build();
  }
}
