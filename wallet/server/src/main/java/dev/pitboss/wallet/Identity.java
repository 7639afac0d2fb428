package dev.pitboss.wallet;

/**
 * Who is calling: a SPIFFE id in the Pitboss trust domain, taken from the URI SAN of the caller's
 * verified client certificate (or, in plaintext development mode only, from a header).
 */
record Identity(String spiffeId) {
  static final String TRUST_DOMAIN = "spiffe://pitboss.dev/";

  /** The wallet itself, for what it does on its own: expiring holds, sweeping house shards. */
  static final Identity WALLET = new Identity(TRUST_DOMAIN + "wallet");

  Identity {
    if (!spiffeId.startsWith(TRUST_DOMAIN) || spiffeId.length() == TRUST_DOMAIN.length()) {
      throw new IllegalArgumentException("not a " + TRUST_DOMAIN + " id: " + spiffeId);
    }
    if (spiffeId.length() > 128) {
      throw new IllegalArgumentException("SPIFFE id longer than 128 characters");
    }
  }

  /** {@code spiffe://pitboss.dev/matchmaker} is {@code matchmaker}. */
  String component() {
    return spiffeId.substring(TRUST_DOMAIN.length());
  }

  /**
   * A SPIFFE id, or (development header only) a bare component name; {@code pitboss-operator}, the
   * name the operator's client sent before identities existed, means {@code operator}.
   */
  static Identity parse(String value) {
    if (value.startsWith("spiffe://")) {
      return new Identity(value);
    }
    return new Identity(TRUST_DOMAIN + (value.startsWith("pitboss-") ? value.substring(8) : value));
  }

  @Override
  public String toString() {
    return spiffeId;
  }
}
