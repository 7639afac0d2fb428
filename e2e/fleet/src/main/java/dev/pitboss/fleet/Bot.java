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
 * ticket, answers its turns, counts the hands that ended, and leaves when told, remembering what it
 * left with. A {@link Style#CASH} bot checks or calls mostly, sometimes bets or raises the minimum,
 * sometimes folds; a {@link Style#TURBO} bot plays a tournament looser, with the odd all-in; a
 * {@link Style#PASSIVE} bot only checks or calls, and a {@link Style#SHOVE} bot moves all in at
 * every turn, so a test decides where chips change hands and who busts.
 */
final class Bot implements WebSocket.Listener, AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** How a bot plays its turns. */
  enum Style {
    CASH,
    TURBO,
    PASSIVE,
    SHOVE
  }

  final String name;
  final String account;
  final List<String> errors = new CopyOnWriteArrayList<>();
  volatile int seat;
  volatile String table;
  volatile int handsEnded;

  /** The number of the last hand that ended at its table, as the table numbers its hands. */
  volatile long lastHand;

  volatile Long leftWith;
  volatile boolean closed;

  /** Asked to stand up: the table folds for it when its turn comes, so it no longer acts. */
  private volatile boolean leaving;

  private volatile Style style;
  private final Random rng;
  private final StringBuilder partial = new StringBuilder();
  private final WebSocket socket;
  private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

  Bot(String name, String account, URI url, Style style, long seed) {
    this.name = name;
    this.account = account;
    this.style = style;
    this.rng = new Random(seed);
    this.socket = HTTP.newWebSocketBuilder().buildAsync(url, this).join();
  }

  /** Plays its next turns in {@code style}. */
  void play(Style style) {
    this.style = style;
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
        table = frame.get("snapshot").get("table").asString();
        seat = frame.get("snapshot").get("yourSeat").asInt();
        var turn = frame.get("snapshot").get("turn");
        if (turn != null && !turn.isNull()) act(turn);
      }
      case "event" -> {
        var event = frame.get("event");
        switch (event.get("kind").asString()) {
          case "turn" -> act(event);
          case "handEnded" -> {
            lastHand = event.get("hand").asLong();
            handsEnded++;
          }
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
    send(
        switch (style) {
          case CASH -> cash(turn);
          case TURBO -> turbo(turn);
          case PASSIVE -> action(turn.get("canCheck").asBoolean() ? "check" : "call");
          case SHOVE -> shove(turn);
        });
  }

  private String cash(JsonNode turn) {
    int roll = rng.nextInt(20);
    boolean canCheck = turn.get("canCheck").asBoolean();
    if (roll == 0 && !canCheck) return action("fold");
    if (roll < 3 && turn.get("canBet").asBoolean()) return action("bet", turn.get("minTo"));
    if (roll < 3 && turn.get("canRaise").asBoolean()) return action("raise", turn.get("minTo"));
    return action(canCheck ? "check" : "call");
  }

  /**
   * Moves all in one turn in 25 and raises the minimum one in ten; facing a bet of half its stack
   * or more, calls one time in three and folds otherwise; facing a smaller bet, folds one time in
   * ten. Blinds rising every minute do the rest.
   */
  private String turbo(JsonNode turn) {
    int roll = rng.nextInt(100);
    boolean canCheck = turn.get("canCheck").asBoolean();
    long call = turn.get("callAmount").asLong();
    if (!canCheck && call * 2 >= turn.get("maxTo").asLong()) {
      return action(roll < 35 ? "call" : "fold");
    }
    var raise =
        turn.get("canBet").asBoolean() ? "bet" : turn.get("canRaise").asBoolean() ? "raise" : null;
    if (raise != null && roll < 4) return action(raise, turn.get("maxTo"));
    if (raise != null && roll < 14) return action(raise, turn.get("minTo"));
    if (!canCheck && roll >= 90) return action("fold");
    return action(canCheck ? "check" : "call");
  }

  /** All in when the turn lets it raise; else (nobody left to raise against) checks or calls. */
  private static String shove(JsonNode turn) {
    if (turn.get("canBet").asBoolean() || turn.get("canRaise").asBoolean()) return action("allin");
    return action(turn.get("canCheck").asBoolean() ? "check" : "call");
  }

  private static String action(String action) {
    return "{\"type\":\"act\",\"action\":\"" + action + "\"}";
  }

  private static String action(String action, JsonNode amount) {
    return "{\"type\":\"act\",\"action\":\"" + action + "\",\"amount\":" + amount.asLong() + "}";
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
