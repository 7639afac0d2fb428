package dev.pitboss.gameserver.loadgen;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Signs seat tickets as the matchmaker does (ES256 with a key id) and writes the public JWKS. */
final class Tickets {
  static final String ISSUER = "https://matchmaker.pitboss.loadgen";

  private final ECKey key;
  private final ECDSASigner signer;

  Tickets() throws JOSEException {
    key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
    signer = new ECDSASigner(key);
  }

  Path writeJwks(Path dir) throws IOException {
    return Files.writeString(dir.resolve("jwks.json"), new JWKSet(key.toPublicJWK()).toString());
  }

  /** A tournament seat: the director seated the player already; the ticket only proves who. */
  String tournament(String player, String table, int seat) {
    return sign(claims(player, table, seat).build());
  }

  /** A cash seat: the buy-in the matchmaker holds in the wallet under {@code hold}. */
  String cash(String player, String table, int seat, long buyIn, String currency, String hold) {
    return sign(
        claims(player, table, seat)
            .claim("buyIn", buyIn)
            .claim("currency", currency)
            .claim("hold", hold)
            .build());
  }

  private static JWTClaimsSet.Builder claims(String player, String table, int seat) {
    var now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(table)
        .subject(player)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(90)))
        .jwtID(UUID.randomUUID().toString())
        .claim("seat", seat);
  }

  private String sign(JWTClaimsSet claims) {
    try {
      var jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
