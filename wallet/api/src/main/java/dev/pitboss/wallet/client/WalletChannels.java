package dev.pitboss.wallet.client;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Channels to the wallet for the other Pitboss components. The wallet trusts only callers that
 * prove who they are with a client certificate whose URI SAN is their SPIFFE id ({@code
 * spiffe://pitboss.dev/matchmaker}, ...); the certificate, its key and the CA come as PEM files, in
 * the cluster from a mounted Secret, in tests and the local fleet from {@code
 * dev.pitboss.testbed.CertificateAuthority}.
 *
 * <p>A transport must be on the runtime classpath (grpc-netty-shaded, which this module brings).
 */
public final class WalletChannels {
  /**
   * The identity header the wallet reads only when it runs with its plaintext development flag;
   * over mutual TLS the certificate is the identity and the header is ignored.
   */
  public static final Metadata.Key<String> CALLER_HEADER =
      Metadata.Key.of("x-pitboss-caller", Metadata.ASCII_STRING_MARSHALLER);

  private WalletChannels() {}

  /** The credentials of {@link #mutualTls}, for callers that build their channel themselves. */
  public static ChannelCredentials credentials(
      Path certificateChain, Path privateKey, Path trustRoots) throws IOException {
    return TlsChannelCredentials.newBuilder()
        .keyManager(certificateChain.toFile(), privateKey.toFile())
        .trustManager(trustRoots.toFile())
        .build();
  }

  /**
   * A mutual-TLS channel to the wallet.
   *
   * @param target {@code host:port} (or any gRPC target); the host must be a name or address the
   *     wallet's server certificate carries
   * @param certificateChain PEM, this component's certificate first
   * @param privateKey PEM, PKCS#8 ({@code BEGIN PRIVATE KEY})
   * @param trustRoots PEM, the CA(s) that issued the wallet's server certificate
   */
  public static ManagedChannel mutualTls(
      String target, Path certificateChain, Path privateKey, Path trustRoots) throws IOException {
    return Grpc.newChannelBuilder(target, credentials(certificateChain, privateKey, trustRoots))
        .build();
  }

  /**
   * A plaintext channel naming its caller in a header, for a wallet started with the development
   * flag (loopback only). The wallet refuses plaintext otherwise.
   *
   * @param identity a SPIFFE id or a bare component name such as {@code matchmaker}
   */
  public static ManagedChannel plaintextForDevelopment(String target, String identity) {
    return Grpc.newChannelBuilder(target, InsecureChannelCredentials.create())
        .intercept(callerHeader(identity))
        .build();
  }

  /** Adds the development identity header to every call of a channel. */
  public static io.grpc.ClientInterceptor callerHeader(String identity) {
    var headers = new Metadata();
    headers.put(CALLER_HEADER, identity);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }
}
