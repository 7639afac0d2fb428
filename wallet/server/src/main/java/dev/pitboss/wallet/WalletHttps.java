package dev.pitboss.wallet;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import io.micronaut.http.server.netty.ssl.ServerSslBuilder;
import io.micronaut.http.ssl.ServerSslConfiguration;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import jakarta.inject.Singleton;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * The wallet's HTTPS port, when the wallet has its TLS files: Micronaut serves plain HTTP on {@code
 * micronaut.server.port} (health and metrics, for the kubelet and Prometheus) and, beside it, HTTPS
 * on {@code pitboss.wallet.https-port} with the gRPC port's certificate, key and trust roots. As on
 * the gRPC port, the handshake asks for a client certificate and accepts any whose key the client
 * holds; {@link PeerVerifier} validates it per request, so a caller without one, or with another
 * CA's, gets 401 and an audit row rather than a broken connection ({@link WalletEndpoints}).
 * Without the TLS files (plaintext development mode) there is no HTTPS port.
 */
@Singleton
@Requires(property = "pitboss.wallet.tls.cert-chain", pattern = ".+")
final class WalletHttps implements ServerSslBuilder {
  private final WalletServer wallet;
  private final ServerSslConfiguration configuration = new ServerSslConfiguration();

  WalletHttps(WalletServer wallet, @Value("${pitboss.wallet.https-port:8443}") int port) {
    this.wallet = wallet;
    configuration.setEnabled(true);
    configuration.setPort(port);
  }

  @Override
  public ServerSslConfiguration getSslConfiguration() {
    return configuration;
  }

  @Override
  public Optional<SslContext> build() {
    var tls = wallet.tls();
    try {
      return Optional.of(
          SslContextBuilder.forServer(tls.certificateChain().toFile(), tls.privateKey().toFile())
              .trustManager(wallet.verifier().handshakeTrustManager())
              .clientAuth(ClientAuth.OPTIONAL)
              .protocols("TLSv1.3", "TLSv1.2")
              .build());
    } catch (SSLException e) {
      throw new IllegalStateException(
          "the HTTPS port cannot use " + tls.certificateChain() + " and " + tls.privateKey(), e);
    }
  }

  /**
   * With an HTTPS listener Micronaut would drop the plain one; dual protocol keeps both, so the
   * probes and Prometheus still reach health and metrics on {@code micronaut.server.port}.
   */
  @Singleton
  @Requires(property = "pitboss.wallet.tls.cert-chain", pattern = ".+")
  static final class KeepPlainHttp
      implements BeanCreatedEventListener<NettyHttpServerConfiguration> {
    @Override
    public NettyHttpServerConfiguration onCreated(
        BeanCreatedEvent<NettyHttpServerConfiguration> event) {
      event.getBean().setDualProtocol(true);
      return event.getBean();
    }
  }
}
