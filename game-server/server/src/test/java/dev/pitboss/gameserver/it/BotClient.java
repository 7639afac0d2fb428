package dev.pitboss.gameserver.it;

import dev.pitboss.engine.game.Action;
import dev.pitboss.gameserver.table.TableEvent;
import dev.pitboss.gameserver.table.TurnBot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A player over a real WebSocket, as any client would be written from PROTOCOL.md: it joins with a
 * ticket, keeps every frame it received, and (when playing) answers its turns with {@link TurnBot}.
 */
final class BotClient implements WebSocket.Listener, AutoCloseable {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  final String name;
  final List<String> frames = new CopyOnWriteArrayList<>();
  final List<JsonNode> errors = new CopyOnWriteArrayList<>();
  final Random rng;
  volatile boolean playing = true;
  volatile int seat;
  volatile String session;
  volatile long lastSeq;
  volatile int handsEnded;
  volatile boolean closed;
  private final StringBuilder partial = new StringBuilder();
  private final WebSocket socket;
  private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

  BotClient(String name, int port, long seed) {
    this.name = name;
    this.rng = new Random(seed);
    this.socket =
        HTTP.newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), this)
            .join();
  }

  synchronized void send(String json) {
    sending = sending.thenCompose(x -> socket.sendText(json, true));
  }

  synchronized void sendBinary(java.nio.ByteBuffer bytes) {
    sending = sending.thenCompose(x -> socket.sendBinary(bytes, true));
  }

  void join(String ticket) {
    send("{\"type\":\"join\",\"id\":\"j\",\"ticket\":\"" + ticket + "\"}");
  }

  void resume(String token, long from) {
    send(
        "{\"type\":\"resume\",\"id\":\"r\",\"session\":\""
            + token
            + "\",\"lastSeq\":"
            + from
            + "}");
  }

  void observe(String table) {
    send("{\"type\":\"observe\",\"table\":\"" + table + "\"}");
  }

  void leave() {
    send("{\"type\":\"leave\",\"id\":\"leave\"}");
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      var text = partial.toString();
      partial.setLength(0);
      frames.add(text);
      handle(JSON.readTree(text));
    }
    ws.request(1);
    return null;
  }

  private void handle(JsonNode frame) {
    switch (frame.get("type").asString()) {
      case "welcome" -> {
        lastSeq = frame.get("seq").asLong();
        seat = frame.get("snapshot").get("yourSeat").asInt();
        if (frame.has("session")) session = frame.get("session").asString();
        var turn = frame.get("snapshot").get("turn");
        if (turn != null && !turn.isNull()) maybeAct(turn);
      }
      case "event" -> {
        long seq = frame.get("seq").asLong();
        if (seq != lastSeq + 1)
          throw new IllegalStateException(name + ": event " + seq + " after " + lastSeq);
        lastSeq = seq;
        var event = frame.get("event");
        switch (event.get("kind").asString()) {
          case "turn" -> maybeAct(event);
          case "handEnded" -> handsEnded++;
          default -> {}
        }
      }
      case "error" -> errors.add(frame);
      default -> {}
    }
  }

  private void maybeAct(JsonNode turn) {
    if (!playing || turn.get("seat").asInt() != seat || seat == 0) return;
    var t =
        new TableEvent.Turn(
            turn.get("seat").asInt(),
            turn.get("canCheck").asBoolean(),
            turn.get("callAmount").asLong(),
            turn.get("canBet").asBoolean(),
            turn.get("canRaise").asBoolean(),
            turn.get("minTo").asLong(),
            turn.get("maxTo").asLong(),
            Instant.EPOCH);
    send(actFrame(TurnBot.decide(t, rng)));
  }

  static String actFrame(Action action) {
    return switch (action) {
      case Action.Fold f -> "{\"type\":\"act\",\"action\":\"fold\"}";
      case Action.Check c -> "{\"type\":\"act\",\"action\":\"check\"}";
      case Action.Call c -> "{\"type\":\"act\",\"action\":\"call\"}";
      case Action.AllIn a -> "{\"type\":\"act\",\"action\":\"allin\"}";
      case Action.Bet b -> "{\"type\":\"act\",\"action\":\"bet\",\"amount\":" + b.amount() + "}";
      case Action.Raise r -> "{\"type\":\"act\",\"action\":\"raise\",\"amount\":" + r.to() + "}";
    };
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

  /** Drops the connection without a goodbye, as a lost network would. */
  void cut() {
    socket.abort();
  }

  @Override
  public void close() {
    if (!closed) socket.abort();
  }
}
