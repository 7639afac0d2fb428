package dev.pitboss.fleet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A player over a real WebSocket, written from PROTOCOL.md as any client would be: it joins with a
 * ticket, answers its turns (checks or calls mostly, sometimes bets or raises the minimum,
 * sometimes folds), counts the hands that ended, and leaves when told, remembering what it left
 * with.
 */
final class Bot implements WebSocket.Listener, AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final String name;
  final String account;
  final List<String> errors = new CopyOnWriteArrayList<>();
  volatile int seat;
  volatile int handsEnded;
  volatile Long leftWith;
  volatile boolean closed;

  /** Asked to stand up: the table folds for it when its turn comes, so it no longer acts. */
  private volatile boolean leaving;

  private final Random rng;
  private final StringBuilder partial = new StringBuilder();
  private final WebSocket socket;
  private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

  Bot(String name, String account, String address, int port, long seed) {
    this.name = name;
    this.account = account;
    this.rng = new Random(seed);
    this.socket =
        HTTP.newWebSocketBuilder()
            .buildAsync(URI.create("ws://" + address + ":" + port + "/ws"), this)
            .join();
  }

  private synchronized void send(String json) {
    sending = sending.thenCompose(x -> socket.sendText(json, true));
  }

  void join(String ticket) {
    send("{\"type\":\"join\",\"id\":\"j\",\"ticket\":\"" + ticket + "\"}");
  }

  /** Stands up, unless the table already stood it up (busted, or sat out too long). */
  void leave() {
    if (leftWith != null) return;
    leaving = true;
    send("{\"type\":\"leave\",\"id\":\"leave\"}");
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      var text = partial.toString();
      partial.setLength(0);
      handle(JSON.readTree(text));
    }
    ws.request(1);
    return null;
  }

  private void handle(JsonNode frame) {
    switch (frame.get("type").asString()) {
      case "welcome" -> {
        seat = frame.get("snapshot").get("yourSeat").asInt();
        var turn = frame.get("snapshot").get("turn");
        if (turn != null && !turn.isNull()) act(turn);
      }
      case "event" -> {
        var event = frame.get("event");
        switch (event.get("kind").asString()) {
          case "turn" -> act(event);
          case "handEnded" -> handsEnded++;
          case "seatLeft" -> {
            if (event.get("player").asString().equals(name)) {
              leftWith = event.get("stack").asLong();
              seat = 0;
            }
          }
          default -> {}
        }
      }
      case "error" -> errors.add(frame.toString());
      default -> {}
    }
  }

  private void act(JsonNode turn) {
    if (leaving || seat == 0 || turn.get("seat").asInt() != seat) return;
    int roll = rng.nextInt(20);
    boolean canCheck = turn.get("canCheck").asBoolean();
    String action;
    if (roll == 0 && !canCheck) {
      action = "{\"type\":\"act\",\"action\":\"fold\"}";
    } else if (roll < 3 && turn.get("canBet").asBoolean()) {
      action =
          "{\"type\":\"act\",\"action\":\"bet\",\"amount\":" + turn.get("minTo").asLong() + "}";
    } else if (roll < 3 && turn.get("canRaise").asBoolean()) {
      action =
          "{\"type\":\"act\",\"action\":\"raise\",\"amount\":" + turn.get("minTo").asLong() + "}";
    } else if (canCheck) {
      action = "{\"type\":\"act\",\"action\":\"check\"}";
    } else {
      action = "{\"type\":\"act\",\"action\":\"call\"}";
    }
    send(action);
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
    closed = true;
    return null;
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    closed = true;
  }

  @Override
  public void close() {
    if (!closed) socket.abort();
  }
}
