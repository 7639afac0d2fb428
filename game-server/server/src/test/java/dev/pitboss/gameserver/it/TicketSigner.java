package dev.pitboss.gameserver.it;

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

/** Signs seat tickets as the matchmaker does (ES256, kid), and publishes the public JWKS. */
final class TicketSigner {
  static final String ISSUER = "https://matchmaker.pitboss.test";
  final ECKey key;

  TicketSigner() throws JOSEException {
    key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
  }

  Path writeJwks(Path dir) throws IOException {
    var file = dir.resolve("jwks.json");
    Files.writeString(file, new JWKSet(key.toPublicJWK()).toString());
    return file;
  }

  String cash(String player, String table, int seat, long buyIn, String hold, Instant now) {
    return sign(
        claims(player, table, seat, now, 60)
            .claim("buyIn", buyIn)
            .claim("currency", "EUR")
            .claim("hold", hold)
            .build(),
        key);
  }

  JWTClaimsSet.Builder claims(String player, String table, int seat, Instant now, long seconds) {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(table)
        .subject(player)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(seconds)))
        .jwtID(UUID.randomUUID().toString())
        .claim("seat", seat);
  }

  static String sign(JWTClaimsSet claims, ECKey with) {
    try {
      var jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(with.getKeyID()).build(), claims);
      jwt.sign(new ECDSASigner(with));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
