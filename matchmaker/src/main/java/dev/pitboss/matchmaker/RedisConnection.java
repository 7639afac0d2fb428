package dev.pitboss.matchmaker;

import dev.pitboss.redis.PasswordFile;
import dev.pitboss.redis.RedisStartCheck;
import dev.pitboss.redis.RedisTarget;
import dev.pitboss.redis.RedisTls;
import java.io.IOException;
import java.nio.file.Path;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;

/**
 * How the matchmaker reaches Redis: host and port, optionally an ACL user and a password,
 * optionally TLS that verifies the server's certificate (chain and host name) against a CA file and
 * may present a client certificate. Jedis does the TLS ({@link SslOptions}, from the PEM files a
 * Kubernetes Secret holds: {@link RedisTls}). The password never appears in {@link #toString()}, a
 * log line or an error.
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

  private static final RedisStartCheck START_CHECK =
      new RedisStartCheck(
          "the matchmaker",
          "pitboss.matchmaker.redis-username and -password(-file)",
          "pitboss.matchmaker.redis-trust-roots",
          "-cert-chain/-private-key",
          "set pitboss.matchmaker.redis-tls=true");

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
  static String password(String inline, String file) {
    return PasswordFile.choose(
        inline,
        file,
        "pitboss.matchmaker.redis-password",
        "pitboss.matchmaker.redis-password-file");
  }

  /**
   * A pooled client, checked with one PING ({@link RedisStartCheck}): a refused password or user, a
   * failed TLS handshake, or a server that does not speak what the client does stops the start with
   * an error that says which; a Redis that cannot be reached yet does not: readiness says so until
   * it answers.
   */
  UnifiedJedis open() throws IOException {
    var client = DefaultJedisClientConfig.builder().user(username).password(password);
    if (tls) {
      client.sslOptions(RedisTls.sslOptions(trustRoots, certChain, privateKey));
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
    return START_CHECK.ping(redis, target());
  }

  @Override
  public String toString() {
    var target = target();
    return "RedisConnection[" + target.where() + ", " + target.who() + ", pool " + poolSize + "]";
  }

  private RedisTarget target() {
    return new RedisTarget(
        host,
        (tls ? "rediss://" : "redis://") + host + ":" + port,
        tls,
        username,
        password,
        certChain != null);
  }
}
