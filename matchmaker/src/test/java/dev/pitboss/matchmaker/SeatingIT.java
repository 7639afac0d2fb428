package dev.pitboss.matchmaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cash seating end to end on the real Redis, wallet and kube-apiserver, with the game server played
 * by {@link GameServerStandIn}.
 */
class SeatingIT {
  static MatchmakerFixture f;
  static GameServerStandIn server;

  @BeforeAll
  static void start() throws Exception {
    f =
        new MatchmakerFixture(
            "matchmaker_seating_it",
            Map.of(
                // Long enough that no reservation lapses while the concurrency test's 2,000
                // requests are in flight, so every seat is reserved exactly once.
                "pitboss.matchmaker.reservation-seconds", 30,
                "pitboss.matchmaker.ticket.lifetime-seconds", 20,
                "pitboss.matchmaker.hold-sweep-millis", 200));
    server =
        new GameServerStandIn(
            f.redis,
            f.gameServer,
            f.bean(TicketSigner.class).jwks(),
            f.bean(TicketSigner.class).issuer());
    f.tableType("nl100", 6);
  }

  @AfterAll
  static void stop() throws Exception {
    f.close();
  }

  String owner(String name) {
    return TableIds.cashOwner(f.namespace, name);
  }

  String seatBody(long buyIn, int wait) {
    return "{\"buyIn\":" + buyIn + ",\"waitSeconds\":" + wait + "}";
  }

  @Test
  void seatsAPlayerWithATicketTheGameServerAccepts() throws Exception {
    var table = owner("nl100") + "1";
    server.advertise(owner("nl100"), table, 6);
    var account = f.player("alice", 50_000);

    var reply =
        f.call(
            "POST",
            "/v1/tables/" + f.namespace + "/nl100/seat",
            f.token("alice"),
            seatBody(5_000, 0));

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json().get("table").asText()).isEqualTo(table);
    assertThat(reply.json().get("url").asText()).isEqualTo("ws://127.0.0.1:7777/ws");
    assertThat(f.account(account).getHeldMinorUnits()).isEqualTo(5_000);
    var ticket = SignedJWT.parse(reply.json().get("ticket").asText());
    assertThat(ticket.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
    assertThat(ticket.getHeader().getKeyID()).isNotBlank();
    var claims = ticket.getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.getLongClaim("buyIn")).isEqualTo(5_000);
    assertThat(claims.getStringClaim("currency")).isEqualTo("EUR");
    assertThat(ticket.getPayload().toJSONObject().get("aud")).isEqualTo(table);
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
        .isEqualTo(20_000);

    var joined = server.join(table, reply.json().get("ticket").asText());

    assertThat(joined.getIntegerClaim("seat")).isEqualTo(reply.json().get("seat").asInt());
    assertThat(f.account(account).getBalanceMinorUnits()).isEqualTo(45_000);
    assertThat(f.account(account).getHeldMinorUnits()).isZero();
  }

  @Test
  void thousandsOfConcurrentRequestsNeverDoubleBookAndEveryHoldEnds() throws Exception {
    var type = "rush";
    f.tableType(type, 6);
    int players = 1_000;
    var tokens = new ArrayList<String>();
    for (int i = 0; i < players; i++) {
      f.player("p" + i, 10_000);
      tokens.add(f.token("p" + i));
    }
    // Advertised now: an advertisement lives 15 s unless its game server refreshes it.
    for (int t = 1; t <= 4; t++) {
      server.advertise(owner(type), owner(type) + t, 6);
    }
    var calls = new ArrayList<Callable<MatchmakerFixture.Reply>>();
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < players; i++) {
        var token = tokens.get(i);
        calls.add(
            () ->
                f.call(
                    "POST",
                    "/v1/tables/" + f.namespace + "/" + type + "/seat",
                    token,
                    seatBody(2_000, 0)));
      }
    }
    List<MatchmakerFixture.Reply> replies;
    try (var pool = Executors.newFixedThreadPool(64)) {
      replies = pool.invokeAll(calls).stream().map(SeatingIT::get).toList();
    }

    var seated = replies.stream().filter(r -> r.status() == 200).toList();
    var seats = new HashSet<String>();
    var seatedPlayers = new HashSet<String>();
    for (var r : seated) {
      seats.add(r.json().get("table").asText() + "#" + r.json().get("seat").asInt());
      seatedPlayers.add(
          SignedJWT.parse(r.json().get("ticket").asText()).getJWTClaimsSet().getSubject());
    }
    // A player asking twice gets the same seat again (a fresh ticket), never a second one.
    assertThat(seats)
        .as(
            "statuses: %s",
            replies.stream()
                .collect(
                    java.util.stream.Collectors.groupingBy(
                        MatchmakerFixture.Reply::status, java.util.stream.Collectors.counting())))
        .hasSize(24);
    assertThat(seatedPlayers).hasSize(24);
    assertThat(seated.size()).isBetween(24, 48);
    assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(200, 409, 503));
    assertThat(f.sql("SELECT COUNT(*) FROM holds WHERE reference LIKE 'seat/" + owner(type) + "%'"))
        .isEqualTo(24);

    // Half the seated players show up; the others' reservations lapse and their holds are released.
    int joined = 0;
    for (var r : seated) {
      var player = SignedJWT.parse(r.json().get("ticket").asText()).getJWTClaimsSet().getSubject();
      if (Integer.parseInt(player.substring(1)) % 2 == 0) {
        try {
          server.join(r.json().get("table").asText(), r.json().get("ticket").asText());
          joined++;
        } catch (IllegalStateException alreadySeated) {
          // the same player's second ticket for the seat it already took
        }
      }
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                f.sql(
                        "SELECT COUNT(*) FROM holds WHERE status = 'ACTIVE' AND reference LIKE 'seat/"
                            + owner(type)
                            + "%'")
                    == 0);
    assertThat(
            f.sql(
                "SELECT COUNT(*) FROM holds WHERE status = 'CAPTURED' AND reference LIKE 'seat/"
                    + owner(type)
                    + "%'"))
        .isEqualTo(joined);
    assertThat(
            f.sql(
                "SELECT COUNT(*) FROM holds WHERE status = 'RELEASED' AND reference LIKE 'seat/"
                    + owner(type)
                    + "%'"))
        .isEqualTo(24 - joined);
  }

  static MatchmakerFixture.Reply get(java.util.concurrent.Future<MatchmakerFixture.Reply> f) {
    try {
      return f.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void fillsTablesWithPlayersEvenlyBeforeOpeningAnEmptyOne() throws Exception {
    f.tableType("policy", 6);
    var o = owner("policy");
    for (int t = 1; t <= 4; t++) {
      server.advertise(o, o + t, 6);
    }
    server.occupy(o, o + "2", 1, 2, 3, 4, 5);
    server.occupy(o, o + "3", 1, 2);
    server.occupy(o, o + "4", 1, 2, 3, 4, 5, 6);
    var tables = new ArrayList<String>();
    for (int i = 0; i < 6; i++) {
      f.player("pol" + i, 10_000);
      var reply =
          f.call(
              "POST",
              "/v1/tables/" + f.namespace + "/policy/seat",
              f.token("pol" + i),
              seatBody(2_000, 0));
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      tables.add(reply.json().get("table").asText());
    }
    // Table 3 (4 free) first; the advertisement lags reservations, so once table 3 is found full
    // the next table with players (table 2) fills; the empty table 1 only when those are full.
    assertThat(tables).containsExactly(o + "3", o + "3", o + "3", o + "3", o + "2", o + "1");
  }

  @Test
  void waitsWhilePublishingDemandThenSeatsWhenATableOpens() throws Exception {
    f.tableType("waiting", 6);
    f.player("wendy", 50_000);
    var token = f.token("wendy");
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      var pending =
          pool.submit(
              () ->
                  f.call(
                      "POST",
                      "/v1/tables/" + f.namespace + "/waiting/seat",
                      token,
                      seatBody(3_000, 20)));
      await().until(() -> f.redis.zscore(Keys.demand(owner("waiting")), "wendy") != null);
      server.advertise(owner("waiting"), owner("waiting") + "1", 6);
      var reply = pending.get();
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      assertThat(f.redis.zscore(Keys.demand(owner("waiting")), "wendy")).isNull();
    }
  }

  @Test
  void leavingTheQueueAnswersTheWaitingRequest() throws Exception {
    f.tableType("leave", 6);
    f.player("larry", 50_000);
    var token = f.token("larry");
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      var pending =
          pool.submit(
              () ->
                  f.call(
                      "POST",
                      "/v1/tables/" + f.namespace + "/leave/seat",
                      token,
                      seatBody(3_000, 20)));
      await().until(() -> f.redis.zscore(Keys.demand(owner("leave")), "larry") != null);
      var left = f.call("DELETE", "/v1/tables/" + f.namespace + "/leave/seat-request", token, null);
      assertThat(left.status()).isEqualTo(204);
      var reply = pending.get();
      assertThat(reply.status()).isEqualTo(409);
      assertThat(reply.json().get("type").asText()).endsWith("/seat-request-cancelled");
    }
    var again = f.call("DELETE", "/v1/tables/" + f.namespace + "/leave/seat-request", token, null);
    assertThat(again.status()).isEqualTo(404);
  }

  /** State a refused request must leave untouched: reservations, demand, holds, balances. */
  String footprint() throws Exception {
    return f.redis.keys("pitboss:*reservation*" + f.namespace + "*").size()
        + "/"
        + f.redis.keys("pitboss:demand:*" + f.namespace + "*").size()
        + "/"
        + f.sql("SELECT COUNT(*) FROM holds")
        + "/"
        + f.sql("SELECT COALESCE(SUM(held), 0) FROM accounts");
  }

  void refused(String method, String path, String token, String body, int status, String code)
      throws Exception {
    var before = footprint();
    var reply = f.call(method, path, token, body);
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.contentType()).startsWith(Problem.MEDIA_TYPE);
    assertThat(reply.json().get("type").asText()).isEqualTo(Problem.TYPE_BASE + code);
    assertThat(reply.json().get("status").asInt()).isEqualTo(status);
    assertThat(reply.json().get("detail").asText()).isNotBlank();
    assertThat(footprint()).isEqualTo(before);
  }

  @Test
  void badInputIsAPreciseProblemAndChangesNothing() throws Exception {
    f.tableType("strict", 6);
    server.advertise(owner("strict"), owner("strict") + "1", 6);
    f.player("bob", 50_000);
    f.player("poor", 100);
    var bob = f.token("bob");
    var path = "/v1/tables/" + f.namespace + "/strict/seat";

    refused(
        "POST",
        "/v1/tables/" + f.namespace + "/nope/seat",
        bob,
        seatBody(5_000, 0),
        404,
        "unknown-table-type");
    refused("POST", path, bob, seatBody(1_999, 0), 422, "buy-in-out-of-range");
    refused("POST", path, bob, seatBody(20_001, 0), 422, "buy-in-out-of-range");
    refused("POST", path, bob, seatBody(5_000, 3_600), 422, "wait-out-of-range");
    refused("POST", path, bob, "{\"waitSeconds\":0}", 422, "missing-field");
    refused("POST", path, f.token("poor"), seatBody(5_000, 0), 402, "insufficient-funds");
    refused("POST", path, bob, "{\"buyIn\": 5000,", 400, "malformed-request");
    refused("POST", path, null, seatBody(5_000, 0), 401, "unauthorized");
    refused("POST", path, "not-a-jwt", seatBody(5_000, 0), 401, "unauthorized");

    var devKey = (ECKey) TicketSigner.generate("forger").getKeys().getFirst();
    var now = Instant.now();
    refused(
        "POST",
        path,
        sign(devKey, DevelopmentIssuer.ISSUER, now, now.plusSeconds(600)),
        seatBody(5_000, 0),
        401,
        "unauthorized");
    refused(
        "POST",
        path,
        f.token("bob").substring(0, 20) + "x" + f.token("bob").substring(21),
        seatBody(5_000, 0),
        401,
        "unauthorized");
    var expired = f.bean(DevelopmentIssuer.class).token("bob", Duration.ofMinutes(-5));
    refused("POST", path, expired, seatBody(5_000, 0), 401, "unauthorized");
    refused(
        "POST",
        path,
        sign(devKey, "https://evil.example", now, now.plusSeconds(600)),
        seatBody(5_000, 0),
        401,
        "unauthorized");
    refused("GET", "/v1/nowhere", bob, null, 404, "not-found");
  }

  static String sign(ECKey key, String issuer, Instant iat, Instant exp) throws Exception {
    var jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("bob")
                .issueTime(Date.from(iat))
                .expirationTime(Date.from(exp))
                .build());
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  @Test
  void servesOpenApiJwksMetricsAndHealth() throws Exception {
    var openapi = f.call("GET", "/openapi.json", null, null);
    assertThat(openapi.status()).isEqualTo(200);
    assertThat(openapi.json().get("paths").has("/v1/tables/{namespace}/{name}/seat")).isTrue();
    assertThat(
            openapi
                .json()
                .at("/paths/~1v1~1tables~1{namespace}~1{name}~1seat/post/responses/402/description")
                .asText())
        .contains("insufficient-funds");
    var jwks = f.call("GET", "/.well-known/jwks.json", null, null);
    assertThat(jwks.json().get("keys").get(0).get("kty").asText()).isEqualTo("EC");
    assertThat(jwks.json().get("keys").get(0).has("d")).isFalse();
    assertThat(f.call("GET", "/health/readiness", null, null).status()).isEqualTo(200);
    assertThat(f.call("GET", "/health/liveness", null, null).status()).isEqualTo(200);
    var lobby = f.call("GET", "/v1/lobby", null, null);
    assertThat(lobby.status()).isEqualTo(200);
    assertThat(lobby.json().get("tableTypes").findValuesAsText("name")).contains("nl100");
    var metrics = f.call("GET", "/metrics", null, null).body();
    assertThat(metrics).contains("matchmaker_seat_duration_seconds");
    assertThat(metrics)
        .contains(
            "matchmaker_http_requests_total{method=\"GET\",route=\"/v1/lobby\",status=\"200\"}");
  }
}
