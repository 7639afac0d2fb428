package dev.pitboss.gameserver.host;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import dev.pitboss.agones.sdk.AgonesSdk;
import dev.pitboss.gameserver.lobby.RedisDirector;
import dev.pitboss.gameserver.lobby.RedisLobby;
import dev.pitboss.gameserver.net.GameSocketServer;
import dev.pitboss.gameserver.net.Sessions;
import dev.pitboss.gameserver.ops.AdminServer;
import dev.pitboss.gameserver.ops.GameServerMetrics;
import dev.pitboss.gameserver.ticket.RedisJtiRegistry;
import dev.pitboss.gameserver.ticket.TicketVerifier;
import dev.pitboss.wallet.client.WalletChannels;
import dev.pitboss.wallet.v1.WalletGrpc;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * One game-server process, put together: Agones SDK, wallet, Redis, ticket keys, the table host,
 * the players' WebSocket port and the admin port. {@link Main} runs it; tests start it in-process
 * with stand-ins around it.
 */
public final class GameServerProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GameServerProcess.class);

  private final GameServerConfig config;
  private final AgonesSdk agones;
  private final ManagedChannel walletChannel;
  private final UnifiedJedis redis;
  private final RedisLobby lobby;
  private final RedisDirector director;
  private final TableHost host;
  private final GameSocketServer sockets;
  private final AdminServer admin;
  private final GameServerMetrics metrics = new GameServerMetrics();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private GameServerProcess(GameServerConfig config, AgonesSdk agones, Clock clock)
      throws IOException, InterruptedException {
    this.config = config;
    this.agones = agones;
    // First: a refused password or a failed TLS handshake stops the start before anything else
    // runs.
    this.redis = config.redis().open();
    this.walletChannel = walletChannel(config);
    var wallet = WalletGrpc.newBlockingStub(walletChannel);
    this.lobby = new RedisLobby(redis, clock, Duration.ofSeconds(5));
    this.director = new RedisDirector(redis);
    var tickets =
        new TicketVerifier(
            ticketKeys(config.ticketJwks()),
            config.ticketIssuer(),
            Duration.ofMinutes(2),
            new RedisJtiRegistry(redis),
            clock);
    var tables =
        new LedgerTables(
            wallet,
            director,
            clock,
            config.handPause(),
            config.sitOutLimit(),
            config.walletTimeout(),
            metrics);
    var settings =
        new TableHost.Settings(
            config.advertiseAddress(),
            config.advertisePort(),
            config.idleGrace(),
            config.whenIdle(),
            config.drainTimeout(),
            config.framesPerSecond(),
            config.frameBurst());
    this.host =
        new TableHost(
            agones,
            tables,
            lobby,
            tickets,
            new Sessions(new SecureRandom()),
            metrics,
            clock,
            settings);
    director.attach(host);
    this.sockets =
        new GameSocketServer(
            new GameSocketServer.Settings(
                config.socketBind(),
                config.maxFrameBytes(),
                Duration.ofSeconds(15),
                Duration.ofSeconds(45)),
            host);
    host.listeningOn(sockets.port());
    this.admin = new AdminServer(config.adminBind(), metrics, host::accepting);
    agones.startHealth(Duration.ofSeconds(2));
    host.start();
    log.info(
        "game server up: players on {}:{}, admin on {}",
        config.socketBind().getHostString(),
        sockets.port(),
        admin.port());
  }

  public static GameServerProcess start(GameServerConfig config, AgonesSdk agones, Clock clock)
      throws IOException, InterruptedException {
    return new GameServerProcess(config, agones, clock);
  }

  public int socketPort() {
    return sockets.port();
  }

  public int adminPort() {
    return admin.port();
  }

  public TableHost host() {
    return host;
  }

  public GameServerMetrics metrics() {
    return metrics;
  }

  /** Drains (finish hands, pay out, tell Agones) and stops; what SIGTERM does. */
  public void drainAndStop() {
    host.drain();
    close();
  }

  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    if (stopped.getCount() == 0) return;
    admin.close();
    sockets.close();
    director.close();
    host.close();
    lobby.close();
    agones.close();
    walletChannel.shutdown();
    try {
      walletChannel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    redis.close();
    stopped.countDown();
  }

  /**
   * Mutual TLS with this server's certificate (its identity is the certificate's SPIFFE id);
   * plaintext only when explicitly asked for in development, and then only to a loopback wallet.
   */
  static ManagedChannel walletChannel(GameServerConfig config) throws IOException {
    if (!config.walletPlaintext())
      return WalletChannels.mutualTls(
          config.walletTarget(), config.walletCert(), config.walletKey(), config.walletCa());
    var target = config.walletTarget().replaceFirst("^dns:///", "");
    int colon = target.lastIndexOf(':');
    var host = (colon > 0 ? target.substring(0, colon) : target).replaceAll("[\\[\\]]", "");
    if (!InetAddress.getByName(host).isLoopbackAddress())
      throw new IllegalArgumentException(
          "PITBOSS_WALLET_PLAINTEXT is for a wallet on loopback only, not "
              + config.walletTarget());
    log.warn("DEVELOPMENT: talking to the wallet at {} without TLS", config.walletTarget());
    return WalletChannels.plaintextForDevelopment(config.walletTarget(), IDENTITY);
  }

  /** This component's identity in the wallet's policy. */
  static final String IDENTITY = "spiffe://pitboss.dev/game-server";

  /** The matchmaker's ticket keys: a JWKS URL (fetched, cached, refreshed) or a mounted file. */
  static JWKSource<SecurityContext> ticketKeys(URI jwks) throws IOException {
    if ("file".equals(jwks.getScheme())) {
      try {
        return new ImmutableJWKSet<>(JWKSet.parse(Files.readString(Path.of(jwks))));
      } catch (ParseException e) {
        throw new IllegalArgumentException("PITBOSS_TICKET_JWKS: not a JWK set: " + jwks, e);
      }
    }
    return JWKSourceBuilder.create(jwks.toURL()).build();
  }
}
