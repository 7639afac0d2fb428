package dev.pitboss.matchmaker;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;

/**
 * The DEVELOPMENT player-token issuer: mints a token for any player id it is asked for, with no
 * password. It exists so the local fleet and its bots can log in without an identity provider, and
 * it refuses to exist unless the matchmaker listens on a loopback address only: a development
 * issuer reachable from a network would let anyone play as anyone.
 */
public final class DevelopmentIssuer {
  public static final String ISSUER = "pitboss-development-issuer";
  private final ECKey key;
  private final Clock clock;

  public DevelopmentIssuer(String bindHost, Clock clock) {
    requireLoopback(
        bindHost,
        "the development issuer (pitboss.matchmaker.auth.development-issuer=true) mints tokens for anyone and");
    this.clock = clock;
    this.key = (ECKey) TicketSigner.generate("dev-" + UUID.randomUUID()).getKeys().getFirst();
  }

  /** Refuses unless the server listens on loopback only; {@code what} says what needs it. */
  static void requireLoopback(String bindHost, String what) {
    boolean loopback;
    try {
      loopback =
          bindHost != null
              && !bindHost.isBlank()
              && InetAddress.getByName(bindHost).isLoopbackAddress();
    } catch (UnknownHostException e) {
      loopback = false;
    }
    if (!loopback) {
      throw new IllegalStateException(
          what
              + " only runs on loopback, but the server binds to '"
              + bindHost
              + "' (set micronaut.server.host=127.0.0.1, or configure a real issuer with"
              + " pitboss.matchmaker.auth.issuer and pitboss.matchmaker.auth.jwks-url)");
    }
  }

  public JWKSource<SecurityContext> keys() {
    return new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()));
  }

  public String jwks() {
    return new JWKSet(key.toPublicJWK()).toString();
  }

  /** A player token valid for {@code lifetime}. */
  public String token(String player, Duration lifetime) {
    var now = clock.instant();
    var jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(player)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .build());
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }
}
