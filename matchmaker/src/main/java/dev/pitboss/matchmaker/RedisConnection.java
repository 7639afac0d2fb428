package dev.pitboss.matchmaker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
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
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * How the matchmaker reaches Redis: host and port, optionally an ACL user and a password,
 * optionally TLS that verifies the server's certificate (chain and host name) against a CA file and
 * may present a client certificate. Jedis does the TLS ({@link SslOptions}); the PEM files a
 * Kubernetes Secret holds are put into in-memory PKCS#12 stores for it. The password never appears
 * in {@link #toString()}, a log line or an error.
 *
 * @param username ACL user; null: Redis's {@code default} user
 * @param password null: no AUTH
 * @param trustRoots PEM CA certificates the server's certificate must chain to; null: the JVM's
 * @param certChain PEM client certificate (chain) to present; null: none
 * @param privateKey PKCS#8 PEM key of {@code certChain}
 */
record RedisConnection(
    String host,
    int port,
    int poolSize,
    String username,
    String password,
    boolean tls,
    Path trustRoots,
    Path certChain,
    Path privateKey) {

  private static final Logger log = LoggerFactory.getLogger(RedisConnection.class);

  /** Protects nothing: the stores live in memory only, and PKCS#12 wants a password. */
  private static final char[] STORE_PASSWORD = "in-memory".toCharArray();

  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  RedisConnection {
    if (!tls && (trustRoots != null || certChain != null || privateKey != null)) {
      throw new IllegalStateException(
          "pitboss.matchmaker.redis-trust-roots, -cert-chain and -private-key need"
              + " pitboss.matchmaker.redis-tls=true");
    }
    if ((certChain == null) != (privateKey == null)) {
      throw new IllegalStateException(
          "a Redis client certificate needs both pitboss.matchmaker.redis-cert-chain and"
              + " pitboss.matchmaker.redis-private-key");
    }
  }

  /**
   * The password: {@code inline} ({@code pitboss.matchmaker.redis-password}, e.g. from the
   * environment) or the content of {@code file} ({@code …redis-password-file}, a mounted Secret;
   * one trailing line break dropped); null when neither is set.
   */
  static String password(String inline, String file) throws IOException {
    boolean hasInline = inline != null && !inline.isEmpty();
    boolean hasFile = file != null && !file.isBlank();
    if (hasInline && hasFile) {
      throw new IllegalStateException(
          "set pitboss.matchmaker.redis-password or pitboss.matchmaker.redis-password-file, not"
              + " both");
    }
    if (!hasFile) {
      return hasInline ? inline : null;
    }
    var content = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    content = content.endsWith("\r\n") ? content.substring(0, content.length() - 2) : content;
    content = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    if (content.isEmpty()) {
      throw new IllegalStateException(
          "pitboss.matchmaker.redis-password-file " + file + " is empty");
    }
    return content;
  }

  /**
   * A pooled client, checked with one PING: a refused password or user, a failed TLS handshake (an
   * unknown CA, a name the certificate does not carry, a client certificate the server wants), or a
   * server that does not speak what the client does (TLS against plaintext, or the reverse) stops
   * the start with an error that says which; a Redis that cannot be reached yet (unknown host,
   * connection refused) does not: readiness says so until it answers.
   */
  UnifiedJedis open() throws IOException {
    var client = DefaultJedisClientConfig.builder().user(username).password(password);
    if (tls) {
      client.sslOptions(sslOptions());
    }
    var pool = new ConnectionPoolConfig();
    pool.setMaxTotal(poolSize);
    pool.setMaxIdle(poolSize);
    var redis =
        RedisClient.builder()
            .hostAndPort(host, port)
            .clientConfig(client.build())
            .poolConfig(pool)
            .build();
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
              + " refused the matchmaker ("
              + who()
              + "): "
              + redact(e.getMessage())
              + "; check pitboss.matchmaker.redis-username and -password(-file)");
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
                  + "; check pitboss.matchmaker.redis-trust-roots (the CA of the server's"
                  + " certificate), that the certificate names "
                  + host
                  + ", and -cert-chain/-private-key if the server asks for a client certificate"
              : "Redis at "
                  + where()
                  + " did not answer PING: "
                  + problem
                  + "; if it speaks only TLS, set pitboss.matchmaker.redis-tls=true");
    }
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

  @Override
  public String toString() {
    return "RedisConnection[" + where() + ", " + who() + ", pool " + poolSize + "]";
  }

  private String where() {
    return (tls ? "rediss://" : "redis://") + host + ":" + port;
  }

  private String who() {
    return "user "
        + (username == null ? "default" : username)
        + (password == null ? ", no password" : ", password set")
        + (tls ? ", TLS" + (certChain == null ? "" : " with a client certificate") : "");
  }

  private String redact(String message) {
    if (message == null || password == null) {
      return message;
    }
    return message.replace(password, "<password>");
  }

  private SslOptions sslOptions() throws IOException {
    var options = SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL);
    try {
      if (trustRoots != null) {
        var store = emptyStore();
        int i = 0;
        for (var certificate : certificates(trustRoots)) {
          store.setCertificateEntry("ca-" + i++, certificate);
        }
        options.truststore(resource(store), STORE_PASSWORD).trustStoreType("PKCS12");
      }
      if (certChain != null) {
        var store = emptyStore();
        store.setKeyEntry(
            "client",
            privateKey(privateKey),
            STORE_PASSWORD,
            certificates(certChain).toArray(Certificate[]::new));
        options.keystore(resource(store), STORE_PASSWORD).keyStoreType("PKCS12");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the Redis TLS files cannot be used: " + e.getMessage(), e);
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
