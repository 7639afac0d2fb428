package dev.pitboss.redis;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

/**
 * Jedis TLS ({@link SslOptions}) that verifies the server's certificate, chain and host name, from
 * the PEM files a Kubernetes Secret holds, put into in-memory PKCS#12 stores.
 */
public final class RedisTls {

  /** Protects nothing: the stores live in memory only, and PKCS#12 wants a password. */
  private static final char[] STORE_PASSWORD = "in-memory".toCharArray();

  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private RedisTls() {}

  /**
   * @param trustRoots PEM CA certificates the server's certificate must chain to; null: the JVM's
   * @param certChain PEM client certificate (chain) to present; null: none
   * @param privateKey PKCS#8 PEM key (EC, RSA or Ed25519) of {@code certChain}
   * @throws IllegalStateException when a file holds no certificate or key, or they cannot be used
   */
  public static SslOptions sslOptions(Path trustRoots, Path certChain, Path privateKey)
      throws IOException {
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

  static List<Certificate> certificates(Path file) throws GeneralSecurityException, IOException {
    try (InputStream in = Files.newInputStream(file)) {
      List<Certificate> certificates =
          List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (certificates.isEmpty()) {
        throw new IllegalStateException(file + " holds no PEM certificate");
      }
      return certificates;
    }
  }

  static PrivateKey privateKey(Path file) throws GeneralSecurityException, IOException {
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
