package dev.pitboss.gameserver.net;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resume tokens: 128 random bits naming a player's seat at a table on this server. A client that
 * lost its connection resumes with one instead of a ticket (a ticket is single-use). They live as
 * long as the server; a seat given up makes its token useless, since resuming checks the seat.
 */
public final class Sessions {
  public record Session(String table, String player) {}

  private final SecureRandom random;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  public Sessions(SecureRandom random) {
    this.random = random;
  }

  public String open(String table, String player) {
    var bytes = new byte[16];
    random.nextBytes(bytes);
    var token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    sessions.put(token, new Session(table, player));
    return token;
  }

  public Optional<Session> find(String token) {
    return Optional.ofNullable(sessions.get(token));
  }

  /** Forgets every token of a table that closed. */
  public void forgetTable(String table) {
    sessions.values().removeIf(s -> s.table().equals(table));
  }
}
