package dev.pitboss.matchmaker;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.Micronaut;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import redis.clients.jedis.UnifiedJedis;

/**
 * The matchmaker process: a Micronaut application. Its beans are built here from configuration
 * (README, "Configuration"); the HTTP API is in the controllers.
 */
@Factory
public class MatchmakerApplication {

  public static void main(String[] args) {
    Micronaut.build(args).mainClass(MatchmakerApplication.class).start();
  }

  @Singleton
  @Requires(missingBeans = Clock.class)
  Clock clock() {
    return Clock.systemUTC();
  }

  /** NIST SP 800-90A DRBG: seat draws, seat choice and ticket ids. */
  @Singleton
  SecureRandom drbg() throws NoSuchAlgorithmException {
    return SecureRandom.getInstance("DRBG");
  }

  @Singleton
  MatchmakerConfig config(
      @Value("${pitboss.matchmaker.ticket.issuer:pitboss-matchmaker}") String issuer,
      @Value("${pitboss.matchmaker.ticket.lifetime-seconds:60}") long ticketSeconds,
      @Value("${pitboss.matchmaker.reservation-seconds:90}") long reservationSeconds,
      @Value("${pitboss.matchmaker.seat-wait-seconds:10}") long seatWait,
      @Value("${pitboss.matchmaker.max-seat-wait-seconds:30}") long maxSeatWait,
      @Value("${pitboss.matchmaker.rate.player-per-second:20}") int perPlayer,
      @Value("${pitboss.matchmaker.rate.address-per-second:200}") int perAddress,
      @Value("${pitboss.matchmaker.director.lock-seconds:15}") long lockSeconds,
      @Value("${pitboss.matchmaker.hold-sweep-millis:2000}") long sweepMillis) {
    return new MatchmakerConfig(
        issuer,
        Duration.ofSeconds(ticketSeconds),
        Duration.ofSeconds(reservationSeconds),
        Duration.ofSeconds(seatWait),
        Duration.ofSeconds(maxSeatWait),
        perPlayer,
        perAddress,
        Duration.ofSeconds(lockSeconds),
        Duration.ofMillis(sweepMillis));
  }

  @Singleton
  MatchmakerMetrics metrics() {
    return new MatchmakerMetrics();
  }

  @Singleton
  @Bean(preDestroy = "close")
  UnifiedJedis redis(
      @Value("${pitboss.matchmaker.redis-host:127.0.0.1}") String host,
      @Value("${pitboss.matchmaker.redis-port:6379}") int port,
      @Value("${pitboss.matchmaker.redis-pool-size:64}") int poolSize,
      @Nullable @Value("${pitboss.matchmaker.redis-username:}") String username,
      @Nullable @Value("${pitboss.matchmaker.redis-password:}") String password,
      @Nullable @Value("${pitboss.matchmaker.redis-password-file:}") String passwordFile,
      @Value("${pitboss.matchmaker.redis-tls:false}") boolean tls,
      @Nullable @Value("${pitboss.matchmaker.redis-trust-roots:}") String trustRoots,
      @Nullable @Value("${pitboss.matchmaker.redis-cert-chain:}") String certChain,
      @Nullable @Value("${pitboss.matchmaker.redis-private-key:}") String privateKey)
      throws IOException {
    return new RedisConnection(
            host,
            port,
            poolSize,
            blankToNull(username),
            RedisConnection.password(password, passwordFile),
            tls,
            path(trustRoots),
            path(certChain),
            path(privateKey))
        .open();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static Path path(String value) {
    return value == null || value.isBlank() ? null : Path.of(value);
  }

  @Singleton
  @Bean(preDestroy = "close")
  WalletClient wallet(
      @Value("${pitboss.matchmaker.wallet-target}") String target,
      @Nullable @Value("${pitboss.matchmaker.wallet.cert-chain:}") String certChain,
      @Nullable @Value("${pitboss.matchmaker.wallet.private-key:}") String privateKey,
      @Nullable @Value("${pitboss.matchmaker.wallet.trust-roots:}") String trustRoots,
      @Value("${pitboss.matchmaker.wallet.plaintext-development:false}") boolean plaintext,
      @Nullable @Value("${micronaut.server.host:}") String host,
      MatchmakerConfig config)
      throws IOException {
    // A seat hold outlives its reservation a little; the wallet releases it itself after that,
    // the backstop behind the sweeper.
    var expiry = config.reservationTtl().multipliedBy(2);
    if (plaintext) {
      DevelopmentIssuer.requireLoopback(
          host, "the wallet's plaintext development channel (no identity proven)");
      return new WalletClient(WalletClient.developmentChannel(target), expiry);
    }
    if (certChain == null || certChain.isBlank() || privateKey == null || trustRoots == null) {
      throw new IllegalStateException(
          "the wallet needs mutual TLS: set pitboss.matchmaker.wallet.cert-chain, .private-key and"
              + " .trust-roots (the matchmaker's certificate, spiffe://pitboss.dev/matchmaker)");
    }
    return new WalletClient(
        WalletClient.channel(
            target, new Path[] {Path.of(certChain), Path.of(privateKey), Path.of(trustRoots)}),
        expiry);
  }

  @Singleton
  @Bean(preDestroy = "close")
  KubernetesClient kubernetes(@Nullable @Value("${pitboss.matchmaker.kubeconfig:}") String file)
      throws IOException {
    if (file == null || file.isBlank()) {
      return new KubernetesClientBuilder().build();
    }
    return new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Files.readString(Path.of(file))))
        .build();
  }

  @Singleton
  @Bean(preDestroy = "close")
  Catalog catalog(KubernetesClient client) {
    return new Catalog(client);
  }

  @Singleton
  @Requires(property = "pitboss.matchmaker.auth.development-issuer", value = "true")
  DevelopmentIssuer developmentIssuer(
      @Nullable @Value("${micronaut.server.host:}") String host, Clock clock) {
    return new DevelopmentIssuer(host, clock);
  }

  @Singleton
  PlayerTokens playerTokens(
      @Nullable DevelopmentIssuer development,
      @Nullable @Value("${pitboss.matchmaker.auth.issuer:}") String issuer,
      @Nullable @Value("${pitboss.matchmaker.auth.jwks-url:}") String jwksUrl,
      @Nullable @Value("${pitboss.matchmaker.auth.audience:}") String audience,
      Clock clock)
      throws IOException {
    if (development != null) {
      return new PlayerTokens(DevelopmentIssuer.ISSUER, null, development.keys(), clock);
    }
    if (issuer == null || issuer.isBlank() || jwksUrl == null || jwksUrl.isBlank()) {
      throw new IllegalStateException(
          "players cannot log in: set pitboss.matchmaker.auth.issuer and"
              + " pitboss.matchmaker.auth.jwks-url (or, on loopback only,"
              + " pitboss.matchmaker.auth.development-issuer=true)");
    }
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.create(URI.create(jwksUrl).toURL()).retrying(true).build();
    return new PlayerTokens(issuer, audience, keys, clock);
  }

  @Singleton
  TicketSigner tickets(
      MatchmakerConfig config,
      Clock clock,
      SecureRandom random,
      @Nullable DevelopmentIssuer development,
      @Nullable @Value("${pitboss.matchmaker.ticket.key-file:}") String keyFile)
      throws IOException, ParseException {
    if (keyFile == null || keyFile.isBlank()) {
      if (development == null) {
        throw new IllegalStateException(
            "no ticket signing key: set pitboss.matchmaker.ticket.key-file to the JWK set mounted"
                + " from the Secret (a generated key is allowed only with the development issuer)");
      }
      return new TicketSigner(
          config.ticketIssuer(),
          config.ticketLifetime(),
          clock,
          TicketSigner.generate("dev-ticket-key"),
          random);
    }
    return new TicketSigner(
        config.ticketIssuer(),
        config.ticketLifetime(),
        clock,
        TicketSigner.load(Path.of(keyFile)),
        random);
  }

  @Singleton
  RateLimiter rateLimiter(UnifiedJedis redis, Clock clock) {
    return new RateLimiter(redis, clock);
  }

  @Singleton
  Seating seating(
      UnifiedJedis redis,
      Catalog catalog,
      WalletClient wallet,
      TicketSigner tickets,
      MatchmakerConfig config,
      MatchmakerMetrics metrics,
      Clock clock,
      SecureRandom random) {
    return new Seating(redis, catalog, wallet, tickets, config, metrics, clock, random);
  }

  @Singleton
  HoldSweeper holdSweeper(
      UnifiedJedis redis, WalletClient wallet, MatchmakerMetrics metrics, Clock clock) {
    return new HoldSweeper(redis, wallet, metrics, clock);
  }

  @Singleton
  Lobby lobby(Catalog catalog, UnifiedJedis redis, Seating seating) {
    return new Lobby(catalog, new TableAds(redis), seating);
  }

  @Singleton
  Directors directors(
      UnifiedJedis redis,
      Catalog catalog,
      WalletClient wallet,
      MatchmakerConfig config,
      MatchmakerMetrics metrics,
      Clock clock,
      SecureRandom random) {
    return new Directors(redis, catalog, wallet, config, metrics, clock, random);
  }

  @Singleton
  Registrations registrations(
      UnifiedJedis redis,
      Catalog catalog,
      WalletClient wallet,
      MatchmakerMetrics metrics,
      Clock clock) {
    return new Registrations(redis, catalog, wallet, metrics, clock);
  }
}
