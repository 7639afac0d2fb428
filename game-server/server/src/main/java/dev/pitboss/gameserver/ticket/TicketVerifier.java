package dev.pitboss.gameserver.ticket;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.pitboss.gameserver.protocol.ErrorCode;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks a seat ticket: an ES256 JWT signed by the matchmaker with a key from its JWKS. It must
 * name the matchmaker as issuer and a table hosted here as audience, be unexpired (a few seconds of
 * clock skew allowed), live at most {@code maxLifetime}, and be used once: its {@code jti} is
 * claimed in the {@link JtiRegistry} until it expires.
 */
public final class TicketVerifier {

  /** What a valid ticket says. {@code buyIn}, {@code currency} and {@code hold}: cash only. */
  public record Ticket(
      String player,
      String table,
      int seat,
      long buyIn,
      String currency,
      String hold,
      String jti,
      Instant expires) {}

  public static final class Refused extends Exception {
    private final ErrorCode code;

    Refused(ErrorCode code, String message) {
      super(message, null, false, false);
      this.code = code;
    }

    public ErrorCode code() {
      return code;
    }
  }

  private static final Duration SKEW = Duration.ofSeconds(5);

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final String issuer;
  private final Duration maxLifetime;
  private final JtiRegistry jtis;
  private final Clock clock;

  public TicketVerifier(
      JWKSource<SecurityContext> keys,
      String issuer,
      Duration maxLifetime,
      JtiRegistry jtis,
      Clock clock) {
    this.issuer = issuer;
    this.maxLifetime = maxLifetime;
    this.jtis = jtis;
    this.clock = clock;
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256), keys));
    // Claims are checked below against the injected clock, with our own error codes.
    processor.setJWTClaimsSetVerifier((claims, context) -> {});
  }

  /**
   * The ticket's claims, if it is genuine, meant for a table that {@code hosted} accepts, current
   * and unused. Claiming its jti is the last step, so a refused ticket stays usable for nothing.
   */
  public Ticket verify(String token, Predicate<String> hosted) throws Refused {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      throw new Refused(ErrorCode.TICKET_INVALID, "the ticket is not a JWT: " + e.getMessage());
    } catch (BadJOSEException | JOSEException e) {
      throw new Refused(ErrorCode.TICKET_INVALID, "the ticket's signature is not valid");
    }
    if (!issuer.equals(claims.getIssuer()))
      throw new Refused(ErrorCode.TICKET_INVALID, "the ticket was not issued by " + issuer);
    var audience = claims.getAudience();
    if (audience == null || audience.size() != 1)
      throw new Refused(ErrorCode.TICKET_INVALID, "the ticket must name exactly one table");
    var table = audience.getFirst();
    if (!hosted.test(table))
      throw new Refused(ErrorCode.TICKET_WRONG_TABLE, "table " + table + " is not hosted here");
    var now = clock.instant();
    var expires = instant(claims.getExpirationTime(), "exp");
    var issued = instant(claims.getIssueTime(), "iat");
    if (!now.isBefore(expires.plus(SKEW)))
      throw new Refused(ErrorCode.TICKET_EXPIRED, "the ticket expired at " + expires);
    if (issued.isAfter(now.plus(SKEW)))
      throw new Refused(ErrorCode.TICKET_INVALID, "the ticket was issued in the future");
    if (Duration.between(issued, expires).compareTo(maxLifetime) > 0)
      throw new Refused(
          ErrorCode.TICKET_INVALID,
          "the ticket lives longer than " + maxLifetime.toSeconds() + " s");
    var ticket = claims(claims, table, expires);
    if (!jtis.claim(ticket.jti(), expires.plus(SKEW)))
      throw new Refused(ErrorCode.TICKET_REPLAYED, "the ticket was already used");
    return ticket;
  }

  private static Ticket claims(JWTClaimsSet claims, String table, Instant expires) throws Refused {
    try {
      var player = claims.getSubject();
      var jti = claims.getJWTID();
      var seat = claims.getIntegerClaim("seat");
      if (player == null || player.isBlank() || jti == null || jti.isBlank() || seat == null)
        throw new Refused(ErrorCode.TICKET_INVALID, "the ticket lacks sub, jti or seat");
      var buyIn = claims.getLongClaim("buyIn");
      return new Ticket(
          player,
          table,
          seat,
          buyIn == null ? 0 : buyIn,
          claims.getStringClaim("currency"),
          claims.getStringClaim("hold"),
          jti,
          expires);
    } catch (ParseException e) {
      throw new Refused(ErrorCode.TICKET_INVALID, "a ticket claim has the wrong type");
    }
  }

  private static Instant instant(Date date, String claim) throws Refused {
    if (date == null) throw new Refused(ErrorCode.TICKET_INVALID, "the ticket lacks " + claim);
    return date.toInstant();
  }

  /** Remembers used ticket ids until they expire, across every game server (Redis). */
  public interface JtiRegistry {
    /** True the first time {@code jti} is claimed before {@code until}. */
    boolean claim(String jti, Instant until);
  }
}
