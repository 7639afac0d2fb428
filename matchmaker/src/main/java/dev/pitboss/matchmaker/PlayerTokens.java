package dev.pitboss.matchmaker;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks a player's bearer token: signed (ES256, RS256 or EdDSA) by a key of the configured
 * issuer's JWKS, {@code iss} equal to the configured issuer, unexpired (60 s of clock skew
 * tolerated), with a subject that is a valid player id; with an audience configured, {@code aud}
 * must contain it. The player id is {@code sub}.
 */
public final class PlayerTokens {
  private final DefaultJWTProcessor<SecurityContext> processor;

  public PlayerTokens(
      String issuer, String audience, JWKSource<SecurityContext> keys, Clock clock) {
    processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.EdDSA), keys));
    var verifier =
        new DefaultJWTClaimsVerifier<SecurityContext>(
            audience == null || audience.isBlank() ? null : audience,
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            new HashSet<>(Set.of("sub", "exp", "iat"))) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    verifier.setMaxClockSkew(60);
    processor.setJWTClaimsSetVerifier(verifier);
  }

  /**
   * The player id of a valid token.
   *
   * @throws ProblemException 401 with the reason when the token is not acceptable
   */
  public String player(String bearer) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(bearer, null);
    } catch (java.text.ParseException e) {
      throw ProblemException.unauthorized("the bearer token is not a JWT");
    } catch (com.nimbusds.jose.proc.BadJOSEException e) {
      throw ProblemException.unauthorized("the bearer token was refused: " + e.getMessage());
    } catch (com.nimbusds.jose.JOSEException e) {
      throw ProblemException.unauthorized(
          "the bearer token could not be checked: " + e.getMessage());
    }
    var subject = claims.getSubject();
    if (!TableIds.PLAYER.matcher(subject).matches()) {
      throw ProblemException.unauthorized(
          "the token's subject is not a valid player id (1-64 of A-Z a-z 0-9 . _ @ -)");
    }
    return subject;
  }
}
