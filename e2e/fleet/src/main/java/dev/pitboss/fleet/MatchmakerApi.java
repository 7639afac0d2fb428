package dev.pitboss.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The production matchmaker's player API as a client sees it (matchmaker/README.md, "API"): a token
 * from the development issuer, then a cash seat with a ticket. What the browser client does, for
 * the bots that sit with people.
 */
final class MatchmakerApi {
  /** A seat answer: where to connect and the ticket to join with. */
  record Seat(String table, int seat, String address, int port, String ticket) {}

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final String baseUrl;

  MatchmakerApi(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** A player token from the development issuer ({@code POST /dev/tokens}). */
  String token(String player) throws IOException, InterruptedException {
    return post("/dev/tokens", null, "{\"player\":\"" + player + "\"}").get("token").asString();
  }

  /** A seat at a table of type {@code namespace/name} with {@code buyIn} held. */
  Seat seat(String token, String namespace, String name, long buyIn)
      throws IOException, InterruptedException {
    var answer =
        post(
            "/v1/tables/" + namespace + "/" + name + "/seat",
            token,
            "{\"buyIn\":" + buyIn + ",\"waitSeconds\":10}");
    return new Seat(
        answer.get("table").asString(),
        answer.get("seat").asInt(),
        answer.get("address").asString(),
        answer.get("port").asInt(),
        answer.get("ticket").asString());
  }

  private JsonNode post(String path, String token, String body)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) request.header("Authorization", "Bearer " + token);
    var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("POST " + path + ": " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }
}
