package dev.pitboss.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority that lives for one run: it issues the wallet's server certificate and the
 * components' client certificates (URI SAN = SPIFFE id, e.g. {@code
 * spiffe://pitboss.dev/matchmaker}) and writes everything as PEM files, which is what the wallet
 * and {@code dev.pitboss.wallet.client.WalletChannels} read. For tests and the local fleet; in a
 * cluster the chart issues certificates into Secrets. Keys are ECDSA P-256, private keys PKCS#8.
 */
public final class CertificateAuthority {
  /** The files of one issued identity. */
  public record PemFiles(Path certificateChain, Path privateKey, Path trustRoots) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path directory;
  private final Clock clock;
  private final KeyPair keys;
  private final X509Certificate certificate;
  private final Path trustRoots;

  private CertificateAuthority(Path directory, Clock clock, KeyPair keys, X509Certificate cert)
      throws IOException {
    this.directory = directory;
    this.clock = clock;
    this.keys = keys;
    this.certificate = cert;
    this.trustRoots = write(directory.resolve("ca.pem"), cert);
  }

  /**
   * A new CA (valid from an hour before {@code clock}'s now for 30 days) whose certificate is
   * written to {@code directory/ca.pem}.
   */
  public static CertificateAuthority create(Path directory, String name, Clock clock)
      throws IOException {
    Files.createDirectories(directory);
    var keys = keyPair();
    var now = clock.instant();
    var subject = new X500Name("CN=" + name);
    try {
      var builder =
          new JcaX509v3CertificateBuilder(
              subject,
              serial(),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(30))),
              subject,
              keys.getPublic());
      var ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new CertificateAuthority(directory, clock, keys, sign(builder, keys));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not create the CA", e);
    }
  }

  /** The CA certificate, PEM: what both sides trust. */
  public Path trustRoots() {
    return trustRoots;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * Issues a certificate valid from an hour ago for one day, for client and server use.
   *
   * @param name file stem: {@code name.pem} and {@code name.key} in the CA's directory
   * @param spiffeId URI SAN, e.g. {@code spiffe://pitboss.dev/game-server}; null for none
   * @param hosts DNS names or IP addresses the certificate also names (a server's addresses)
   */
  public PemFiles issue(String name, String spiffeId, String... hosts) throws IOException {
    var now = clock.instant();
    return issue(
        name, spiffeId, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), hosts);
  }

  /** As {@link #issue(String, String, String...)} with an explicit validity, e.g. expired. */
  public PemFiles issue(
      String name, String spiffeId, Instant notBefore, Instant notAfter, String... hosts)
      throws IOException {
    var leaf = leaf(name, spiffeId, notBefore, notAfter, hosts);
    var chain = write(directory.resolve(name + ".pem"), leaf.certificate());
    var key =
        write(
            directory.resolve(name + ".key"),
            new JcaPKCS8Generator(leaf.keys().getPrivate(), null));
    return new PemFiles(chain, key, trustRoots);
  }

  /**
   * A server's TLS context for a JDK server (e.g. {@code HttpsServer}): a certificate for {@code
   * hosts} issued as {@link #issue(String, String, String...)} does, kept in memory with its key.
   */
  public SSLContext serverContext(String name, String... hosts) {
    var now = clock.instant();
    var leaf =
        leaf(name, null, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), hosts);
    try {
      var password = new char[0];
      var store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          name,
          leaf.keys().getPrivate(),
          password,
          new Certificate[] {leaf.certificate(), certificate});
      var managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      managers.init(store, password);
      var context = SSLContext.getInstance("TLS");
      context.init(managers.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not make a TLS context for " + name, e);
    }
  }

  private record Leaf(KeyPair keys, X509Certificate certificate) {}

  private Leaf leaf(
      String name, String spiffeId, Instant notBefore, Instant notAfter, String... hosts) {
    var leafKeys = keyPair();
    try {
      var builder =
          new JcaX509v3CertificateBuilder(
              certificate,
              serial(),
              Date.from(notBefore),
              Date.from(notAfter),
              new X500Name("CN=" + name),
              leafKeys.getPublic());
      var ext = new JcaX509ExtensionUtils();
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
      builder.addExtension(
          Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
      var names = new ArrayList<GeneralName>();
      if (spiffeId != null) {
        names.add(new GeneralName(GeneralName.uniformResourceIdentifier, spiffeId));
      }
      for (var host : hosts) {
        names.add(
            isAddress(host)
                ? new GeneralName(GeneralName.iPAddress, host)
                : new GeneralName(GeneralName.dNSName, host));
      }
      if (!names.isEmpty()) {
        builder.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(names.toArray(GeneralName[]::new)));
      }
      return new Leaf(leafKeys, sign(builder, keys));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not issue " + name, e);
    }
  }

  private static boolean isAddress(String host) {
    if (host.contains(":")) {
      return true;
    }
    return host.matches("[0-9.]+") && isLiteral(host);
  }

  private static boolean isLiteral(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress().equals(host);
    } catch (IOException e) {
      return false;
    }
  }

  private static KeyPair keyPair() {
    try {
      var generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair signer)
      throws GeneralSecurityException {
    try {
      var signerOp = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
      return new JcaX509CertificateConverter().getCertificate(builder.build(signerOp));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
    }
  }

  private static Path write(Path file, Object pemObject) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        var pem = new JcaPEMWriter(out)) {
      pem.writeObject(pemObject);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return file;
  }
}
