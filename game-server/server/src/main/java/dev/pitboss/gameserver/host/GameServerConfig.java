package dev.pitboss.gameserver.host;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The game server's configuration, from the environment the Fleet's pod template sets. Every error
 * names the variable and the value it found.
 *
 * @param advertiseAddress the address players are sent to; empty: the GameServer's own (Agones
 *     status address), as in a cluster
 * @param advertisePort likewise; 0: the GameServer's first port
 * @param walletPlaintext development only, loopback only: talk to the wallet without TLS
 * @param redis where Redis is and how to authenticate to it (its toString leaves the password out)
 * @param framesPerSecond a connection's sustained frame rate; {@code frameBurst} frames at once
 */
public record GameServerConfig(
    InetSocketAddress socketBind,
    InetSocketAddress adminBind,
    String advertiseAddress,
    int advertisePort,
    String walletTarget,
    boolean walletPlaintext,
    Path walletCert,
    Path walletKey,
    Path walletCa,
    RedisSettings redis,
    String ticketIssuer,
    URI ticketJwks,
    Duration idleGrace,
    TableHost.WhenIdle whenIdle,
    Duration handPause,
    Duration sitOutLimit,
    Duration drainTimeout,
    Duration walletTimeout,
    int maxFrameBytes,
    int framesPerSecond,
    int frameBurst) {

  public static GameServerConfig fromEnv(Map<String, String> env) {
    var jwks = required(env, "PITBOSS_TICKET_JWKS");
    boolean plaintext = Boolean.parseBoolean(env.getOrDefault("PITBOSS_WALLET_PLAINTEXT", "false"));
    return new GameServerConfig(
        address(env, "PITBOSS_GS_BIND", "0.0.0.0:7654"),
        address(env, "PITBOSS_GS_ADMIN_BIND", "0.0.0.0:8081"),
        env.getOrDefault("PITBOSS_GS_ADVERTISE_ADDRESS", ""),
        integer(env, "PITBOSS_GS_ADVERTISE_PORT", 0),
        required(env, "PITBOSS_WALLET_TARGET"),
        plaintext,
        plaintext ? null : Path.of(required(env, "PITBOSS_WALLET_CERT")),
        plaintext ? null : Path.of(required(env, "PITBOSS_WALLET_KEY")),
        plaintext ? null : Path.of(required(env, "PITBOSS_WALLET_CA")),
        RedisSettings.fromEnv(env),
        required(env, "PITBOSS_TICKET_ISSUER"),
        uri(env, "PITBOSS_TICKET_JWKS", jwks.contains(":") ? jwks : "file:" + jwks),
        Duration.ofSeconds(integer(env, "PITBOSS_IDLE_GRACE_SECONDS", 60)),
        whenIdle(env.getOrDefault("PITBOSS_WHEN_IDLE", "shutdown")),
        Duration.ofMillis(integer(env, "PITBOSS_HAND_PAUSE_MS", 2_000)),
        Duration.ofSeconds(integer(env, "PITBOSS_SIT_OUT_LIMIT_SECONDS", 300)),
        Duration.ofSeconds(integer(env, "PITBOSS_DRAIN_TIMEOUT_SECONDS", 120)),
        Duration.ofMillis(integer(env, "PITBOSS_WALLET_TIMEOUT_MS", 2_000)),
        integer(env, "PITBOSS_MAX_FRAME_BYTES", 4_096),
        integer(env, "PITBOSS_FRAMES_PER_SECOND", 20),
        integer(env, "PITBOSS_FRAME_BURST", 40));
  }

  private static String required(Map<String, String> env, String name) {
    var v = env.get(name);
    if (v == null || v.isBlank()) throw new IllegalArgumentException(name + " must be set");
    return v;
  }

  private static int integer(Map<String, String> env, String name, int fallback) {
    var v = env.get(name);
    if (v == null || v.isBlank()) return fallback;
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 0) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number >= 0, got '" + v + "'");
    }
  }

  private static InetSocketAddress address(Map<String, String> env, String name, String fallback) {
    var v = env.getOrDefault(name, fallback);
    int colon = v.lastIndexOf(':');
    if (colon <= 0)
      throw new IllegalArgumentException(name + " must be host:port, got '" + v + "'");
    try {
      return new InetSocketAddress(v.substring(0, colon), Integer.parseInt(v.substring(colon + 1)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " must be host:port, got '" + v + "'");
    }
  }

  private static URI uri(Map<String, String> env, String name, String value) {
    try {
      return URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " is not a URI: '" + value + "'");
    }
  }

  private static TableHost.WhenIdle whenIdle(String v) {
    return switch (v) {
      case "ready" -> TableHost.WhenIdle.READY;
      case "shutdown" -> TableHost.WhenIdle.SHUTDOWN;
      default ->
          throw new IllegalArgumentException(
              "PITBOSS_WHEN_IDLE must be ready or shutdown, got '" + v + "'");
    };
  }
}
