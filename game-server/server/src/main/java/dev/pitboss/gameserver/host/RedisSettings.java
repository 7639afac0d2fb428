package dev.pitboss.gameserver.host;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * How the game server reaches Redis, from {@code PITBOSS_REDIS_*} (README "Configuration"): {@code
 * redis://host:port[/db]}, or {@code rediss://} for TLS that verifies the server's certificate
 * (chain and host name) against {@code PITBOSS_REDIS_CA} (else the JVM's CAs) and may present a
 * client certificate; an ACL user and a password from the environment or a mounted file. Jedis does
 * the TLS ({@link SslOptions}); the PEM files a Kubernetes Secret holds are put into in-memory
 * PKCS#12 stores for it. The password never appears in {@link #toString()}, a log line or an error.
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

  private static final Logger log = LoggerFactory.getLogger(RedisSettings.class);

  /** Protects nothing: the stores live in memory only, and PKCS#12 wants a password. */
  private static final char[] STORE_PASSWORD = "in-memory".toCharArray();

  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

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
    var inline = env.get("PITBOSS_REDIS_PASSWORD");
    var file = optional(env, "PITBOSS_REDIS_PASSWORD_FILE");
    boolean hasInline = inline != null && !inline.isEmpty();
    if (hasInline && file != null) {
      throw new IllegalArgumentException(
          "set PITBOSS_REDIS_PASSWORD or PITBOSS_REDIS_PASSWORD_FILE, not both");
    }
    if (file == null) {
      return hasInline ? inline : null;
    }
    String content;
    try {
      content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "PITBOSS_REDIS_PASSWORD_FILE " + file + " cannot be read: " + e);
    }
    content = content.endsWith("\r\n") ? content.substring(0, content.length() - 2) : content;
    content = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    if (content.isEmpty()) {
      throw new IllegalArgumentException("PITBOSS_REDIS_PASSWORD_FILE " + file + " is empty");
    }
    return content;
  }

  /**
   * A pooled client, checked with one PING: a refused password or user, a failed TLS handshake (an
   * unknown CA, a name the certificate does not carry, a client certificate the server wants), or a
   * server that does not speak what the client does (TLS against plaintext, or the reverse) fails
   * the start with an error that says which; a Redis that cannot be reached yet (unknown host,
   * connection refused) does not: the lobby retries at each heartbeat.
   */
  public RedisClient open() {
    var client = DefaultJedisClientConfig.builder().user(username).password(password);
    client.database(database);
    if (tls) {
      client.sslOptions(sslOptions());
    }
    var redis = RedisClient.builder().hostAndPort(host, port).clientConfig(client.build()).build();
    try {
      redis.ping();
      log.info("Redis at {} ({})", where(), who());
      return redis;
    } catch (JedisDataException e) {
      if (!(e instanceof JedisAccessControlException)
          && !String.valueOf(e.getMessage()).contains("AUTH")) {
        log.warn("Redis at {} is not serving yet: {}", where(), e.getMessage());
        return redis;
      }
      redis.close();
      throw new IllegalStateException(
          "Redis at "
              + where()
              + " refused the game server ("
              + who()
              + "): "
              + redact(e.getMessage())
              + "; check PITBOSS_REDIS_USERNAME and PITBOSS_REDIS_PASSWORD(_FILE)");
    } catch (JedisConnectionException e) {
      if (unreachable(e)) {
        log.warn("Redis at {} cannot be reached yet: {}", where(), e.getMessage());
        return redis;
      }
      redis.close();
      var problem = redact(String.valueOf(e.getMessage()));
      throw new IllegalStateException(
          tls
              ? "TLS with Redis at "
                  + where()
                  + " failed: "
                  + problem
                  + "; check PITBOSS_REDIS_CA (the CA of the server's certificate), that the"
                  + " certificate names "
                  + host
                  + ", and PITBOSS_REDIS_CERT/_KEY if the server asks for a client certificate"
              : "Redis at "
                  + where()
                  + " did not answer PING: "
                  + problem
                  + "; if it speaks only TLS, use a rediss:// PITBOSS_REDIS_URL");
    }
  }

  @Override
  public String toString() {
    return "RedisSettings[" + where() + ", " + who() + "]";
  }

  private String where() {
    return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
  }

  private String who() {
    return "user "
        + (username == null ? "default" : username)
        + (password == null ? ", no password" : ", password set")
        + (tls ? ", TLS" + (cert == null ? "" : " with a client certificate") : "");
  }

  private String redact(String message) {
    if (message == null || password == null) {
      return message;
    }
    return message.replace(password, "<password>");
  }

  /** No connection at all (unknown host, refused, no route), as opposed to one that broke. */
  private static boolean unreachable(JedisConnectionException e) {
    var message = String.valueOf(e.getMessage());
    if (message.startsWith("Failed to connect") || message.startsWith("Failed to create socket")) {
      return true;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnknownHostException
          || cause instanceof ConnectException
          || cause instanceof NoRouteToHostException) {
        return true;
      }
    }
    return false;
  }

  private SslOptions sslOptions() {
    var options = SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL);
    try {
      if (ca != null) {
        var store = emptyStore();
        int i = 0;
        for (var certificate : certificates(ca)) {
          store.setCertificateEntry("ca-" + i++, certificate);
        }
        options.truststore(resource(store), STORE_PASSWORD).trustStoreType("PKCS12");
      }
      if (cert != null) {
        var store = emptyStore();
        store.setKeyEntry(
            "client",
            privateKey(key),
            STORE_PASSWORD,
            certificates(cert).toArray(Certificate[]::new));
        options.keystore(resource(store), STORE_PASSWORD).keyStoreType("PKCS12");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the Redis TLS files cannot be used: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("the Redis TLS files cannot be read", e);
    }
    return options.build();
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    var store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  private static SslOptions.Resource resource(KeyStore store)
      throws GeneralSecurityException, IOException {
    var bytes = new ByteArrayOutputStream();
    store.store(bytes, STORE_PASSWORD);
    var content = bytes.toByteArray();
    return () -> new ByteArrayInputStream(content);
  }

  private static List<Certificate> certificates(Path file)
      throws GeneralSecurityException, IOException {
    try (InputStream in = Files.newInputStream(file)) {
      List<Certificate> certificates =
          List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (certificates.isEmpty()) {
        throw new IllegalStateException(file + " holds no PEM certificate");
      }
      return certificates;
    }
  }

  private static PrivateKey privateKey(Path file) throws GeneralSecurityException, IOException {
    var pem = PKCS8.matcher(Files.readString(file, StandardCharsets.US_ASCII));
    if (!pem.find()) {
      throw new IllegalStateException(
          file + " is not a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)");
    }
    var spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem.group(1)));
    for (var algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException notThisOne) {
        // the next algorithm
      }
    }
    throw new IllegalStateException(file + " holds no EC, RSA or Ed25519 key");
  }
}
