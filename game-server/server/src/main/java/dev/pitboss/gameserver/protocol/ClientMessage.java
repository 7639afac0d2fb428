package dev.pitboss.gameserver.protocol;

import dev.pitboss.engine.game.Action;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A frame from a client, parsed strictly: a field that is missing, of the wrong type, out of range
 * or unknown is an error that names it, never a default. {@code id} is the client's optional
 * correlation id, echoed in the answer.
 */
public sealed interface ClientMessage {

  /** The largest amount a client may name: far above any stack, far below a long's range. */
  long MAX_AMOUNT = 1_000_000_000_000_000L;

  String id();

  record Join(String id, String ticket) implements ClientMessage {}

  record Observe(String id, String table) implements ClientMessage {}

  record Resume(String id, String session, long lastSeq) implements ClientMessage {}

  record Act(String id, Action action) implements ClientMessage {}

  record Leave(String id) implements ClientMessage {}

  record SitOut(String id, boolean out) implements ClientMessage {}

  record Ping(String id) implements ClientMessage {}

  /** A frame the server refuses, with the code and message the client gets. */
  final class Invalid extends Exception {
    private final ErrorCode code;
    private final String requestId;

    Invalid(ErrorCode code, String message, String requestId) {
      super(message, null, false, false);
      this.code = code;
      this.requestId = requestId;
    }

    public ErrorCode code() {
      return code;
    }

    public String requestId() {
      return requestId;
    }
  }

  JsonMapper JSON = JsonMapper.builder().build();

  static ClientMessage parse(String text) throws Invalid {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JacksonException e) {
      throw new Invalid(ErrorCode.BAD_FRAME, "not JSON: " + e.getOriginalMessage(), null);
    }
    if (node == null || !node.isObject())
      throw new Invalid(ErrorCode.BAD_FRAME, "a frame is one JSON object", null);
    String id = null;
    var idNode = node.get("id");
    if (idNode != null) {
      if (!idNode.isString() || idNode.asString().length() > 64)
        throw new Invalid(
            ErrorCode.BAD_FIELD, "id must be a string of at most 64 characters", null);
      id = idNode.asString();
    }
    var type = node.get("type");
    if (type == null || !type.isString())
      throw new Invalid(ErrorCode.BAD_FIELD, "type is required and must be a string", id);
    var fields = new Fields(node, id);
    return switch (type.asString()) {
      case "join" -> {
        fields.only("ticket");
        yield new Join(id, fields.text("ticket", 4096));
      }
      case "observe" -> {
        fields.only("table");
        yield new Observe(id, fields.text("table", 400));
      }
      case "resume" -> {
        fields.only("session", "lastSeq");
        yield new Resume(
            id, fields.text("session", 128), fields.number("lastSeq", 0, Long.MAX_VALUE));
      }
      case "act" -> {
        var action = fields.text("action", 16);
        yield switch (action) {
          case "fold" -> act(fields, id, Action.fold());
          case "check" -> act(fields, id, Action.check());
          case "call" -> act(fields, id, Action.call());
          case "allin" -> act(fields, id, Action.allIn());
          case "bet" -> {
            fields.only("action", "amount");
            yield new Act(id, Action.bet(fields.number("amount", 1, MAX_AMOUNT)));
          }
          case "raise" -> {
            fields.only("action", "amount");
            yield new Act(id, Action.raiseTo(fields.number("amount", 1, MAX_AMOUNT)));
          }
          default ->
              throw new Invalid(
                  ErrorCode.BAD_FIELD,
                  "action must be one of fold, check, call, bet, raise, allin; got " + action,
                  id);
        };
      }
      case "leave" -> {
        fields.only();
        yield new Leave(id);
      }
      case "sitOut" -> {
        fields.only();
        yield new SitOut(id, true);
      }
      case "sitIn" -> {
        fields.only();
        yield new SitOut(id, false);
      }
      case "ping" -> {
        fields.only();
        yield new Ping(id);
      }
      default -> throw new Invalid(ErrorCode.UNKNOWN_TYPE, "unknown type: " + type.asString(), id);
    };
  }

  private static Act act(Fields fields, String id, Action action) throws Invalid {
    fields.only("action");
    return new Act(id, action);
  }

  /** Field access that names the field in every error. */
  final class Fields {
    private static final Set<String> ALWAYS = Set.of("type", "id");
    private final JsonNode node;
    private final String id;

    Fields(JsonNode node, String id) {
      this.node = node;
      this.id = id;
    }

    void only(String... allowed) throws Invalid {
      var ok = Set.of(allowed);
      for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
          it.hasNext(); ) {
        var name = it.next().getKey();
        if (!ok.contains(name) && !ALWAYS.contains(name))
          throw new Invalid(ErrorCode.BAD_FIELD, "unknown field: " + name, id);
      }
    }

    String text(String name, int maxLength) throws Invalid {
      var v = node.get(name);
      if (v == null || !v.isString() || v.asString().isEmpty())
        throw new Invalid(ErrorCode.BAD_FIELD, name + " is required and must be a string", id);
      if (v.asString().length() > maxLength)
        throw new Invalid(
            ErrorCode.BAD_FIELD, name + " is longer than " + maxLength + " characters", id);
      return v.asString();
    }

    long number(String name, long min, long max) throws Invalid {
      var v = node.get(name);
      if (v == null || !v.isIntegralNumber() || !v.canConvertToLong())
        throw new Invalid(
            ErrorCode.BAD_FIELD, name + " is required and must be a whole number", id);
      long n = v.asLong();
      if (n < min || n > max)
        throw new Invalid(
            ErrorCode.BAD_FIELD, name + " must be in " + min + ".." + max + ", got " + n, id);
      return n;
    }
  }
}
