package dev.pitboss.matchmaker;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.pitboss.wallet.v1.AccountKind;
import dev.pitboss.wallet.v1.CaptureHoldRequest;
import dev.pitboss.wallet.v1.OpenAccountRequest;
import dev.pitboss.wallet.v1.WalletGrpc;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import redis.clients.jedis.UnifiedJedis;

/**
 * A STAND-IN for the game server (game-server/server), never a production path: it advertises
 * tables in Redis exactly as the contract says and admits players the way a game server must —
 * ticket signature from the matchmaker's JWKS, issuer, audience = the table, expiry, each jti once
 * — then captures the hold into the table's escrow and marks the seat occupied.
 */
final class GameServerStandIn {
  private final UnifiedJedis redis;
  private final WalletGrpc.WalletBlockingStub wallet;
  private final DefaultJWTProcessor<SecurityContext> tickets = new DefaultJWTProcessor<>();
  private final Set<String> seenJti = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, TreeSet<Integer>> occupied = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Integer> seats = new ConcurrentHashMap<>();

  GameServerStandIn(
      UnifiedJedis redis, WalletGrpc.WalletBlockingStub wallet, String jwks, String issuer)
      throws java.text.ParseException {
    this.redis = redis;
    this.wallet = wallet;
    tickets.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            com.nimbusds.jose.JWSAlgorithm.ES256, new ImmutableJWKSet<>(JWKSet.parse(jwks))));
    tickets.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("aud", "sub", "exp", "jti")));
  }

  /** Opens (or refreshes) a table's advertisement. */
  synchronized void advertise(String owner, String tableId, int seatCount) {
    seats.put(tableId, seatCount);
    var taken = occupied.computeIfAbsent(tableId, k -> new TreeSet<>());
    var hash = new java.util.HashMap<String, String>();
    hash.put("owner", owner);
    hash.put("server", "standin-0");
    hash.put("address", "127.0.0.1");
    hash.put("port", "7777");
    hash.put("seats", Integer.toString(seatCount));
    hash.put("occupied", taken.stream().map(String::valueOf).collect(Collectors.joining(",")));
    hash.put("free", Integer.toString(seatCount - taken.size()));
    hash.put("currency", "EUR");
    hash.put("smallBlind", "50");
    hash.put("bigBlind", "100");
    hash.put("minBuyIn", "2000");
    hash.put("maxBuyIn", "20000");
    hash.put("closing", "0");
    hash.put("updatedAt", Long.toString(System.currentTimeMillis()));
    redis.hset(Keys.table(tableId), hash);
    redis.pexpire(Keys.table(tableId), 15_000);
    redis.zadd(Keys.owner(owner), seatCount - taken.size(), tableId);
  }

  /** Marks seats occupied, as if players sat down, and refreshes the advertisement. */
  synchronized void occupy(String owner, String tableId, int... seatNumbers) {
    for (int seat : seatNumbers) {
      occupied.computeIfAbsent(tableId, k -> new TreeSet<>()).add(seat);
    }
    advertise(owner, tableId, seats.get(tableId));
  }

  /** A player joins with a ticket: checked as a game server must, then seated. */
  synchronized JWTClaimsSet join(String tableId, String ticket) throws Exception {
    var claims = tickets.process(ticket, null);
    if (!claims.getAudience().equals(java.util.List.of(tableId))) {
      throw new IllegalArgumentException("ticket for another table: " + claims.getAudience());
    }
    if (!seenJti.add(claims.getJWTID())) {
      throw new IllegalArgumentException("ticket replayed: " + claims.getJWTID());
    }
    int seat = ((Number) claims.getClaim("seat")).intValue();
    if (!occupied.get(tableId).add(seat)) {
      throw new IllegalStateException("seat " + seat + " of " + tableId + " is taken");
    }
    var escrow =
        wallet
            .openAccount(
                OpenAccountRequest.newBuilder()
                    .setIdempotencyKey("escrow-" + tableId + "#" + seat)
                    .setKind(AccountKind.ACCOUNT_KIND_TABLE_ESCROW)
                    .setOwner(tableId + "#" + seat)
                    .setCurrency("EUR")
                    .build())
            .getAccount()
            .getAccountId();
    wallet.captureHold(
        CaptureHoldRequest.newBuilder()
            .setIdempotencyKey("join-" + claims.getJWTID())
            .setReference(claims.getStringClaim("hold"))
            .setToAccountId(escrow)
            .build());
    var owner = redis.hget(Keys.table(tableId), "owner");
    advertise(owner, tableId, seats.get(tableId));
    return claims;
  }
}
