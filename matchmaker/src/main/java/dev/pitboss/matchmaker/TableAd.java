package dev.pitboss.matchmaker;

import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * One open table as its game server advertises it in {@code pitboss:table:<tableId>} (README,
 * "Contracts").
 */
@Serdeable
public record TableAd(
    String table,
    String server,
    String address,
    int port,
    int seats,
    int occupied,
    int free,
    String currency,
    long smallBlind,
    long bigBlind,
    Long minBuyIn,
    Long maxBuyIn,
    boolean closing,
    long updatedAt) {

  /** Parses the advertised hash; null when it has expired (empty) or is unreadable. */
  static TableAd parse(String tableId, Map<String, String> h) {
    if (h == null || h.isEmpty() || h.get("seats") == null) {
      return null;
    }
    try {
      var occupied = h.getOrDefault("occupied", "");
      int seated = occupied.isBlank() ? 0 : occupied.split(",").length;
      return new TableAd(
          tableId,
          h.get("server"),
          h.get("address"),
          Integer.parseInt(h.get("port")),
          Integer.parseInt(h.get("seats")),
          seated,
          Integer.parseInt(h.getOrDefault("free", "0")),
          h.get("currency"),
          Long.parseLong(h.getOrDefault("smallBlind", "0")),
          Long.parseLong(h.getOrDefault("bigBlind", "0")),
          h.containsKey("minBuyIn") ? Long.parseLong(h.get("minBuyIn")) : null,
          h.containsKey("maxBuyIn") ? Long.parseLong(h.get("maxBuyIn")) : null,
          "1".equals(h.get("closing")),
          Long.parseLong(h.getOrDefault("updatedAt", "0")));
    } catch (RuntimeException e) {
      return null;
    }
  }

  String url() {
    return "ws://" + address + ":" + port + "/ws";
  }
}
