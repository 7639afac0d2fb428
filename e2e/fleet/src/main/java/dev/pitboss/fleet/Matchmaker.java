package dev.pitboss.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The matchmaker's public HTTP API as a player's client calls it (matchmaker/README.md): a token
 * from the development issuer, a cash seat, a tournament registration, "where is my table", and the
 * lobby's public reads. Every call is a real HTTP request to the production matchmaker.
 */
final class Matchmaker {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The matchmaker said no: an RFC 9457 problem, its {@code code} from the type URI. */
  static final class Refused extends RuntimeException {
    final int status;
    final String code;

    Refused(int status, String code, String detail) {
      super(status + " " + code + ": " + detail);
      this.status = status;
      this.code = code;
    }
  }

  /** A cash seat: where to connect, the ticket to join with, the hold behind the buy-in. */
  record Seat(String table, int seat, URI url, String ticket, String hold) {}

  /** A tournament entrant's table; {@code table} is null until the draw and after a bust. */
  record Where(String phase, String table, Integer seat, URI url, String ticket) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  Matchmaker(String base) {
    this.base = base;
  }

  /** A DEVELOPMENT-issuer token for {@code player} (the fleet's matchmaker runs on loopback). */
  String token(String player) {
    return call("POST", "/dev/tokens", null, null, "{\"player\":\"" + player + "\"}")
        .get("token")
        .asString();
  }

  Seat seat(String token, String namespace, String name, long buyIn) {
    var reply =
        call(
            "POST",
            "/v1/tables/" + namespace + "/" + name + "/seat",
            token,
            null,
            "{\"buyIn\":" + buyIn + ",\"waitSeconds\":30}");
    return new Seat(
        reply.get("table").asString(),
        reply.get("seat").asInt(),
        URI.create(reply.get("url").asString()),
        reply.get("ticket").asString(),
        reply.get("hold").asString());
  }

  void register(String token, String namespace, String name) {
    call(
        "POST",
        "/v1/tournaments/" + namespace + "/" + name + "/registrations",
        token,
        "register/" + UUID.randomUUID(),
        null);
  }

  Where where(String token, String namespace, String name) {
    var r =
        call(
            "GET",
            "/v1/tournaments/" + namespace + "/" + name + "/registrations/me",
            token,
            null,
            null);
    // Fields without a value are left out of the answer: absent and null mean the same.
    var table = r.path("table");
    var url = r.path("url");
    if (!table.isString() || !url.isString()) {
      return new Where(r.get("phase").asString(), null, null, null, null);
    }
    return new Where(
        r.get("phase").asString(),
        table.asString(),
        r.get("seat").asInt(),
        URI.create(url.asString()),
        r.get("ticket").asString());
  }

  /** A public read: {@code path} under the matchmaker's base URL. */
  JsonNode get(String path) {
    return call("GET", path, null, null, null);
  }

  private JsonNode call(
      String method, String path, String token, String idempotencyKey, String body) {
    var request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(40))
            .header("Accept", "application/json");
    if (token != null) request.header("Authorization", "Bearer " + token);
    if (idempotencyKey != null) request.header("Idempotency-Key", idempotencyKey);
    if (body != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(
          method,
          method.equals("POST")
              ? HttpRequest.BodyPublishers.ofString("")
              : HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " " + path + " interrupted", e);
    }
    var json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    if (response.statusCode() >= 300) {
      var type = json.path("type").asString("");
      throw new Refused(
          response.statusCode(),
          type.substring(type.lastIndexOf('/') + 1),
          json.path("detail").asString(response.body()));
    }
    return json;
  }
}
