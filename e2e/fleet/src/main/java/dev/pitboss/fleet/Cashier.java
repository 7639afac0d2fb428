package dev.pitboss.fleet;

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
import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.DepositRequest;
import dev.pitboss.wallet.v1.GetBalanceRequest;
import dev.pitboss.wallet.v1.HoldRequest;
import dev.pitboss.wallet.v1.Money;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.ReconcileReport;
import dev.pitboss.wallet.v1.ReconcileRequest;
import dev.pitboss.wallet.v1.WalletGrpc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import redis.clients.jedis.UnifiedJedis;

/**
 * A stand-in for the matchmaker's cash seating until the matchmaker (issue 10) joins the fleet;
 * never the production path. It does what PROTOCOL.md and the design give the matchmaker to do:
 * find a table of an owner with a free seat in the Redis lobby the game servers advertise, hold the
 * buy-in in the wallet as {@code spiffe://pitboss.dev/matchmaker} (reference {@code
 * seat/<table>/<player>/<uuid>}), and sign a short-lived ES256 ticket whose public key the game
 * servers read from the JWKS file it writes. The payment provider's part (accounts, deposits) and
 * the auditor's (reconcile) are here too, each as its own identity.
 */
final class MatchmakerStandIn {
  static final String ISSUER = "https://matchmaker.pitboss.local";

  /** A seat handed out: where to connect and the ticket to join with. */
  record Seat(String table, int seat, String address, int port, String ticket, String hold) {}

  private final ECKey key;
  private final Path jwks;
  private final WalletGrpc.WalletBlockingStub matchmaker;
  private final WalletGrpc.WalletBlockingStub payments;
  private final WalletGrpc.WalletBlockingStub auditor;
  private final UnifiedJedis redis;

  /** Seats handed out and not yet taken up in the lobby, per table. */
  private final Map<String, Set<Integer>> promised = new HashMap<>();

  MatchmakerStandIn(
      Path dir,
      UnifiedJedis redis,
      WalletGrpc.WalletBlockingStub matchmaker,
      WalletGrpc.WalletBlockingStub payments,
      WalletGrpc.WalletBlockingStub auditor)
      throws IOException {
    try {
      key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    Files.createDirectories(dir);
    jwks = dir.resolve("jwks.json");
    Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
    this.redis = redis;
    this.matchmaker = matchmaker;
    this.payments = payments;
    this.auditor = auditor;
  }

  /** The public keys the game servers check tickets with. */
  Path jwks() {
    return jwks;
  }

  /** A player's account with a deposit, as the payment provider's side makes them. */
  String player(String name, String currency, long deposit) {
    var id =
        payments
            .openAccount(
                OpenAccountRequest.newBuilder()
                    .setIdempotencyKey("open/" + name)
                    .setKind(AccountKind.ACCOUNT_KIND_PLAYER)
                    .setOwner(name)
                    .setCurrency(currency)
                    .build())
            .getAccount()
            .getAccountId();
    payments.deposit(
        DepositRequest.newBuilder()
            .setIdempotencyKey("deposit/" + name)
            .setAccountId(id)
            .setAmount(money(deposit, currency))
            .setExternalReference("psp-" + name)
            .build());
    return id;
  }

  long balance(String account) {
    return payments
        .getBalance(GetBalanceRequest.newBuilder().setAccountId(account).build())
        .getAccount()
        .getBalanceMinorUnits();
  }

  ReconcileReport reconcile() {
    return auditor.reconcile(ReconcileRequest.getDefaultInstance());
  }

  /**
   * A seat at one of {@code owner}'s tables (the fullest one with room first), the buy-in held, the
   * ticket signed; empty when no advertised table has a free seat.
   */
  synchronized Optional<Seat> seat(
      String player, String account, String owner, long buyIn, String currency) {
    // Scored by free seats: the fullest table with room first, as the design's dense seating wants.
    var tables = redis.zrangeByScore("pitboss:owner:" + owner, "1", "+inf");
    for (var table : tables) {
      var listing = redis.hgetAll("pitboss:table:" + table);
      if (listing.isEmpty() || "1".equals(listing.get("closing"))) continue;
      int seats = Integer.parseInt(listing.get("seats"));
      var taken = new HashSet<Integer>();
      var occupied = listing.getOrDefault("occupied", "");
      if (!occupied.isBlank()) {
        Arrays.stream(occupied.split(",")).map(Integer::parseInt).forEach(taken::add);
      }
      var mine = promised.computeIfAbsent(table, t -> new HashSet<>());
      mine.removeAll(taken);
      for (int seat = 1; seat <= seats; seat++) {
        if (taken.contains(seat) || mine.contains(seat)) continue;
        var reference = "seat/" + table + "/" + player + "/" + UUID.randomUUID();
        matchmaker.hold(
            HoldRequest.newBuilder()
                .setIdempotencyKey("hold/" + reference)
                .setAccountId(account)
                .setAmount(money(buyIn, currency))
                .setReference(reference)
                .build());
        mine.add(seat);
        var ticket = ticket(player, table, seat, buyIn, currency, reference);
        return Optional.of(
            new Seat(
                table,
                seat,
                listing.get("address"),
                Integer.parseInt(listing.get("port")),
                ticket,
                reference));
      }
    }
    return Optional.empty();
  }

  /**
   * A ticket back to the seat a player still holds (after the game server restarted): no new buy-in
   * is held, the table seats them with the chips the ledger kept.
   */
  String ticketBack(String player, String table, int seat, long buyIn, String currency) {
    return ticket(player, table, seat, buyIn, currency, "seated");
  }

  /** The seat was taken up or given back: it no longer counts as promised. */
  synchronized void release(Seat seat) {
    var mine = promised.get(seat.table());
    if (mine != null) mine.remove(seat.seat());
  }

  private String ticket(
      String player, String table, int seat, long buyIn, String currency, String hold) {
    var now = Instant.now();
    var claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(table)
            .subject(player)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(60)))
            .jwtID(UUID.randomUUID().toString())
            .claim("seat", seat)
            .claim("buyIn", buyIn)
            .claim("currency", currency)
            .claim("hold", hold)
            .build();
    try {
      var jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static Money money(long amount, String currency) {
    return Money.newBuilder().setMinorUnits(amount).setCurrency(currency).build();
  }
}
