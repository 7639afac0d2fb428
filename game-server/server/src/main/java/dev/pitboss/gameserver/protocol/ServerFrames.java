package dev.pitboss.gameserver.protocol;

import dev.pitboss.crds.TableRules;
import dev.pitboss.gameserver.table.Table;
import dev.pitboss.gameserver.table.TableEvent;
import java.beans.Introspector;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The frames the server sends, as JSON text. Events are written from the viewer's copy only; the
 * stored form of a deal ({@link TableEvent.Dealt}) is refused here, so a caller that forgot to take
 * the viewer's copy fails loudly instead of leaking hole cards.
 */
public final class ServerFrames {

  public static final int PROTOCOL_VERSION = 1;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ServerFrames() {}

  /**
   * The last event frame written on this thread. A table's thread hands each event to its viewers
   * one after the other, and most get the very same copy (only a deal differs per seat): they share
   * one serialisation. The copy is matched by identity, so a seat's private copy is never mistaken
   * for another's.
   */
  private record LastEvent(long seq, TableEvent copy, String json) {}

  private static final ThreadLocal<LastEvent> LAST_EVENT = new ThreadLocal<>();

  public static String event(long seq, TableEvent viewerCopy) {
    if (viewerCopy instanceof TableEvent.Dealt)
      throw new IllegalStateException("the stored deal is never sent; use forViewer(seat)");
    var last = LAST_EVENT.get();
    if (last != null && last.seq() == seq && last.copy() == viewerCopy) return last.json();
    var frame = JSON.createObjectNode();
    frame.put("type", "event");
    frame.put("seq", seq);
    frame.set("event", eventNode(viewerCopy));
    var json = frame.toString();
    LAST_EVENT.set(new LastEvent(seq, viewerCopy, json));
    return json;
  }

  static ObjectNode eventNode(TableEvent event) {
    var node = JSON.createObjectNode();
    node.put("kind", Introspector.decapitalize(event.getClass().getSimpleName()));
    ObjectNode fields = JSON.valueToTree(event);
    if (event instanceof TableEvent.HandEnded) fields.remove("privateReveals");
    node.setAll(fields);
    return node;
  }

  /**
   * The answer to {@code join}, {@code observe} or {@code resume}: who you are at the table, the
   * session token that resumes this seat, and the table as you see it at event {@code seq}.
   */
  public static String welcome(
      String requestId,
      String role,
      String player,
      String session,
      long seq,
      TableRules rules,
      Table.Snapshot snapshot) {
    var frame = JSON.createObjectNode();
    frame.put("type", "welcome");
    if (requestId != null) frame.put("id", requestId);
    frame.put("protocol", PROTOCOL_VERSION);
    frame.put("role", role);
    if (player != null) frame.put("player", player);
    if (session != null) frame.put("session", session);
    frame.put("seq", seq);
    frame.set("rules", JSON.valueToTree(publicRules(rules)));
    frame.set("snapshot", JSON.valueToTree(snapshot));
    return frame.toString();
  }

  /** The start of a resumption: the events after {@code fromSeq} follow as ordinary events. */
  public static String resumed(String requestId, long fromSeq, int missed) {
    var frame = JSON.createObjectNode();
    frame.put("type", "resumed");
    if (requestId != null) frame.put("id", requestId);
    frame.put("fromSeq", fromSeq);
    frame.put("missed", missed);
    return frame.toString();
  }

  public static String error(String requestId, ErrorCode code, String message) {
    var frame = JSON.createObjectNode();
    frame.put("type", "error");
    if (requestId != null) frame.put("id", requestId);
    frame.put("code", code.name());
    frame.put("message", message);
    return frame.toString();
  }

  public static String ok(String requestId) {
    var frame = JSON.createObjectNode();
    frame.put("type", "ok");
    if (requestId != null) frame.put("id", requestId);
    return frame.toString();
  }

  public static String pong(String requestId, long serverMillis) {
    var frame = JSON.createObjectNode();
    frame.put("type", "pong");
    if (requestId != null) frame.put("id", requestId);
    frame.put("serverTime", serverMillis);
    return frame.toString();
  }

  /** The rules a client shows: stakes, seats, clock; never the owner's internals. */
  private static Map<String, Object> publicRules(TableRules rules) {
    var r = new LinkedHashMap<String, Object>();
    r.put("game", rules.game());
    r.put("seats", rules.seats());
    r.put("actionSeconds", rules.actionSeconds());
    if (rules.cash() != null) {
      var c = rules.cash();
      r.put("kind", "cash");
      r.put("currency", c.currency());
      r.put("smallBlind", c.smallBlind());
      r.put("bigBlind", c.bigBlind());
      r.put("minBuyIn", c.minBuyIn());
      r.put("maxBuyIn", c.maxBuyIn());
      r.put("rakeBasisPoints", c.rakeBasisPoints());
      r.put("rakeCap", c.rakeCap());
    } else {
      r.put("kind", "tournament");
      r.put("currency", "CHIPS");
      r.put("blinds", rules.tournament().blinds());
    }
    return r;
  }
}
