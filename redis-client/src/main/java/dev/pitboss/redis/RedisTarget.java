package dev.pitboss.redis;

/**
 * The Redis a service connects to, as its start-up check and its log lines name it. The password is
 * only used to keep it out of messages: it never appears in {@link #toString()} or {@link #who()}.
 *
 * @param host the host the server's certificate must name
 * @param where e.g. {@code rediss://redis:6380} or {@code redis://redis:6379/2}
 * @param username ACL user; null: Redis's {@code default} user
 * @param password null: no AUTH
 * @param clientCertificate whether a client certificate is presented
 */
public record RedisTarget(
    String host,
    String where,
    boolean tls,
    String username,
    String password,
    boolean clientCertificate) {

  /** E.g. {@code user seats, password set, TLS with a client certificate}. */
  public String who() {
    return "user "
        + (username == null ? "default" : username)
        + (password == null ? ", no password" : ", password set")
        + (tls ? ", TLS" + (clientCertificate ? " with a client certificate" : "") : "");
  }

  /** {@code message} with the password replaced by {@code <password>}. */
  String redact(String message) {
    if (message == null || password == null) {
      return message;
    }
    return message.replace(password, "<password>");
  }

  @Override
  public String toString() {
    return "RedisTarget[" + where + ", " + who() + "]";
  }
}
