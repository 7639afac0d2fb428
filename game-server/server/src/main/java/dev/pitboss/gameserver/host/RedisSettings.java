package dev.pitboss.gameserver.host;

import dev.pitboss.redis.PasswordFile;
import dev.pitboss.redis.RedisStartCheck;
import dev.pitboss.redis.RedisTarget;
import dev.pitboss.redis.RedisTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;

/**
 * How the game server reaches Redis, from {@code PITBOSS_REDIS_*} (README "Configuration"): {@code
 * redis://host:port[/db]}, or {@code rediss://} for TLS that verifies the server's certificate
 * (chain and host name) against {@code PITBOSS_REDIS_CA} (else the JVM's CAs) and may present a
 * client certificate; an ACL user and a password from the environment or a mounted file. Jedis does
 * the TLS ({@link SslOptions}, from the PEM files a Kubernetes Secret holds: {@link RedisTls}). The
 * password never appears in {@link #toString()}, a log line or an error.
 *
 * @param username ACL user; null: Redis's {@code default} user
 * @param password null: no AUTH
 * @param ca PEM CA certificates the server's certificate must chain to; null: the JVM's
 * @param cert PEM client certificate (chain) to present; null: none
 * @param key PKCS#8 PEM key of {@code cert}
 */
public record RedisSettings(
    String host,
    int port,
    int database,
    boolean tls,
    String username,
    String password,
    Path ca,
    Path cert,
    Path key) {

  private static final RedisStartCheck START_CHECK =
      new RedisStartCheck(
          "the game server",
          "PITBOSS_REDIS_USERNAME and PITBOSS_REDIS_PASSWORD(_FILE)",
          "PITBOSS_REDIS_CA",
          "PITBOSS_REDIS_CERT/_KEY",
          "use a rediss:// PITBOSS_REDIS_URL");

  public RedisSettings {
    if (!tls && (ca != null || cert != null || key != null)) {
      throw new IllegalArgumentException(
          "PITBOSS_REDIS_CA, _CERT and _KEY need TLS: a rediss:// PITBOSS_REDIS_URL");
    }
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(
          "a Redis client certificate needs both PITBOSS_REDIS_CERT and PITBOSS_REDIS_KEY");
    }
  }

  /** A plaintext Redis without a password, as on a developer's machine. */
  public static RedisSettings plain(String host, int port) {
    return new RedisSettings(host, port, 0, false, null, null, null, null, null);
  }

  public static RedisSettings fromEnv(Map<String, String> env) {
    var url = env.get("PITBOSS_REDIS_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("PITBOSS_REDIS_URL must be set");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      // The value is not echoed: it may carry a password.
      throw new IllegalArgumentException(
          "PITBOSS_REDIS_URL is not a URI (redis://host:port or rediss://host:port)");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "PITBOSS_REDIS_URL must not carry credentials: set PITBOSS_REDIS_USERNAME and"
              + " PITBOSS_REDIS_PASSWORD or PITBOSS_REDIS_PASSWORD_FILE");
    }
    boolean tls =
        switch (String.valueOf(uri.getScheme())) {
          case "redis" -> false;
          case "rediss" -> true;
          default ->
              throw new IllegalArgumentException(
                  "PITBOSS_REDIS_URL must be redis://host:port or rediss://host:port (TLS)");
        };
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("PITBOSS_REDIS_URL has no host");
    }
    var path = uri.getPath() == null ? "" : uri.getPath();
    int database;
    try {
      database = path.isEmpty() || path.equals("/") ? 0 : Integer.parseInt(path.substring(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "PITBOSS_REDIS_URL's path must be a database number, got '" + path + "'");
    }
    return new RedisSettings(
        uri.getHost(),
        uri.getPort() < 0 ? 6379 : uri.getPort(),
        database,
        tls,
        optional(env, "PITBOSS_REDIS_USERNAME"),
        password(env),
        path(env, "PITBOSS_REDIS_CA"),
        path(env, "PITBOSS_REDIS_CERT"),
        path(env, "PITBOSS_REDIS_KEY"));
  }

  private static String optional(Map<String, String> env, String name) {
    var value = env.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  private static Path path(Map<String, String> env, String name) {
    var value = optional(env, name);
    return value == null ? null : Path.of(value);
  }

  /**
   * {@code PITBOSS_REDIS_PASSWORD}, or the content of {@code PITBOSS_REDIS_PASSWORD_FILE} (a
   * mounted Secret; one trailing line break dropped); null when neither is set.
   */
  private static String password(Map<String, String> env) {
    return PasswordFile.choose(
        env.get("PITBOSS_REDIS_PASSWORD"),
        env.get("PITBOSS_REDIS_PASSWORD_FILE"),
        "PITBOSS_REDIS_PASSWORD",
        "PITBOSS_REDIS_PASSWORD_FILE");
  }

  /**
   * A pooled client, checked with one PING ({@link RedisStartCheck}): a refused password or user, a
   * failed TLS handshake, or a server that does not speak what the client does fails the start with
   * an error that says which; a Redis that cannot be reached yet does not: the lobby retries at
   * each heartbeat.
   */
  public RedisClient open() {
    var client = DefaultJedisClientConfig.builder().user(username).password(password);
    client.database(database);
    if (tls) {
      try {
        client.sslOptions(RedisTls.sslOptions(ca, cert, key));
      } catch (IOException e) {
        throw new UncheckedIOException("the Redis TLS files cannot be read", e);
      }
    }
    var redis = RedisClient.builder().hostAndPort(host, port).clientConfig(client.build()).build();
    return START_CHECK.ping(redis, target());
  }

  @Override
  public String toString() {
    var target = target();
    return "RedisSettings[" + target.where() + ", " + target.who() + "]";
  }

  private RedisTarget target() {
    return new RedisTarget(
        host,
        (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database,
        tls,
        username,
        password,
        cert != null);
  }
}
