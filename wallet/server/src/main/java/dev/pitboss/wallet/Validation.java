package dev.pitboss.wallet;

import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.Money;
import java.util.UUID;
import java.util.regex.Pattern;

/** Checks that need no database. Each failure names the field and the rule it broke. */
final class Validation {
  static final int MAX_KEY_LENGTH = 128;
  static final int MAX_REFERENCE_LENGTH = 256;

  /** A ten-seat hand settles in at most about 21 legs. */
  static final int MAX_LEGS = 64;

  /** Largest request the gRPC server accepts; a 64-leg transfer is about 5 KiB. */
  static final int MAX_MESSAGE_BYTES = 64 * 1024;

  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{0,32}");

  private Validation() {}

  static void idempotencyKey(String key) {
    if (key.isEmpty()) {
      throw WalletException.invalid("idempotency_key is required for every mutating call");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw WalletException.invalid(
          "idempotency_key is "
              + key.length()
              + " characters long; the limit is "
              + MAX_KEY_LENGTH);
    }
    if (!printableAscii(key)) {
      throw WalletException.invalid("idempotency_key must be printable ASCII without spaces");
    }
  }

  static UUID accountId(String field, String value) {
    if (value.isEmpty()) {
      throw WalletException.invalid(field + " is required");
    }
    try {
      var id = UUID.fromString(value);
      if (!id.toString().equals(value.toLowerCase())) {
        throw new IllegalArgumentException();
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw WalletException.invalid(field + " '" + clip(value) + "' is not an account id (UUID)");
    }
  }

  static String currency(String field, String value) {
    if (!CURRENCY.matcher(value).matches()) {
      throw WalletException.invalid(
          field + " '" + clip(value) + "' is not an ISO 4217 code (three capital letters)");
    }
    return value;
  }

  /** A strictly positive amount, as deposits, withdrawals and holds need. */
  static long positive(String field, Money amount) {
    currency(field + ".currency", amount.getCurrency());
    if (amount.getMinorUnits() <= 0) {
      throw WalletException.invalid(
          field + ".minor_units must be positive, got " + amount.getMinorUnits());
    }
    return amount.getMinorUnits();
  }

  static String text(String field, String value, int max, boolean required) {
    if (required && value.isEmpty()) {
      throw WalletException.invalid(field + " is required");
    }
    if (value.length() > max) {
      throw WalletException.invalid(
          field + " is " + value.length() + " characters long; the limit is " + max);
    }
    if (value.chars().anyMatch(Character::isISOControl)) {
      throw WalletException.invalid(field + " must not contain control characters");
    }
    return value;
  }

  static String kind(AccountKind kind) {
    return switch (kind) {
      case ACCOUNT_KIND_PLAYER -> "PLAYER";
      case ACCOUNT_KIND_TABLE_ESCROW -> "TABLE_ESCROW";
      case ACCOUNT_KIND_PRIZE_POOL -> "PRIZE_POOL";
      case ACCOUNT_KIND_HOUSE -> "HOUSE";
      case ACCOUNT_KIND_EXTERNAL ->
          throw WalletException.invalid(
              "kind EXTERNAL is reserved: the wallet opens its payments accounts itself");
      case ACCOUNT_KIND_UNSPECIFIED, UNRECOGNIZED ->
          throw WalletException.invalid(
              "kind is required (PLAYER, TABLE_ESCROW, PRIZE_POOL, HOUSE)");
    };
  }

  static String region(String value) {
    if (!REGION.matcher(value).matches()) {
      throw WalletException.invalid(
          "home_region '" + clip(value) + "' must be a region name like eu-west1 (a-z, 0-9, -)");
    }
    return value;
  }

  private static boolean printableAscii(String s) {
    return s.chars().allMatch(c -> c > 0x20 && c < 0x7f);
  }

  private static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
