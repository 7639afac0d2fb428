package dev.pitboss.matchmaker;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Signs seat tickets (ES256, header {@code kid}) and publishes the public keys as a JWKS.
 *
 * <p>The keys come from a JWK set file mounted from a Kubernetes Secret: the first EC P-256 key
 * with a private part signs, and every key in the file is published, so a rotation adds the new key
 * to the file first (published, not yet signing), then moves it to the front, then drops the old
 * one after a ticket lifetime. Without a file a key is generated in memory, which only the
 * development setup allows.
 */
public final class TicketSigner {
  private final String issuer;
  private final Duration lifetime;
  private final Clock clock;
  private final ECKey signingKey;
  private final ECDSASigner signer;
  private final String publicJwks;
  private final SecureRandom random;

  public TicketSigner(
      String issuer, Duration lifetime, Clock clock, JWKSet keys, SecureRandom random) {
    this.issuer = issuer;
    this.lifetime = lifetime;
    this.clock = clock;
    this.random = random;
    this.signingKey =
        keys.getKeys().stream()
            .filter(
                k -> k instanceof ECKey ec && ec.isPrivate() && Curve.P_256.equals(ec.getCurve()))
            .map(ECKey.class::cast)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "the ticket key set has no private EC P-256 key to sign ES256 with"));
    if (signingKey.getKeyID() == null) {
      throw new IllegalArgumentException("the ticket signing key has no kid");
    }
    try {
      this.signer = new ECDSASigner(signingKey);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable ticket signing key", e);
    }
    this.publicJwks = keys.toPublicJWKSet().toString();
  }

  public static JWKSet load(Path file) throws IOException, ParseException {
    return JWKSet.load(file.toFile());
  }

  /** A fresh in-memory key: for development and tests only. */
  public static JWKSet generate(String kid) {
    try {
      return new JWKSet(
          (JWK)
              new ECKeyGenerator(Curve.P_256)
                  .keyID(kid)
                  .keyUse(KeyUse.SIGNATURE)
                  .algorithm(JWSAlgorithm.ES256)
                  .generate());
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public String jwks() {
    return publicJwks;
  }

  public String issuer() {
    return issuer;
  }

  /** A signed ticket and when it expires. */
  public record Ticket(String token, Instant expiresAt, String jti) {}

  /**
   * Signs a ticket for one seat. {@code extra} carries {@code buyIn}, {@code currency} and {@code
   * hold} for cash tables and nothing for tournament tables.
   */
  public Ticket sign(String tableId, String player, int seat, Map<String, Object> extra) {
    // Whole seconds: JWT times are NumericDate seconds, so exp - iat is exactly the lifetime.
    var now = Instant.ofEpochSecond(clock.instant().getEpochSecond());
    var expires = now.plus(lifetime);
    var jtiBytes = new byte[16];
    random.nextBytes(jtiBytes);
    var jti = Base64.getUrlEncoder().withoutPadding().encodeToString(jtiBytes);
    var claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .audience(List.of(tableId))
            .subject(player)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(expires))
            .jwtID(jti)
            .claim("seat", seat);
    extra.forEach(claims::claim);
    var jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(signingKey.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("signing a ticket failed", e);
    }
    return new Ticket(jwt.serialize(), expires, jti);
  }
}
