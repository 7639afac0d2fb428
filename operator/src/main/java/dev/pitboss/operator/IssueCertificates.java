package dev.pitboss.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
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
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The Helm chart's certificates when cert-manager is not used (its pre-install/pre-upgrade hook
 * Job): a CA, and per identity a Secret with {@code tls.crt}, {@code tls.key} (PKCS#8) and {@code
 * ca.crt} whose certificate names {@code spiffe://<trust domain>/<component>} as its URI SAN, the
 * wallet's also its Service's DNS names. Helm's own genSignedCert cannot write a URI SAN.
 *
 * <p>Creates only what is missing, so every upgrade keeps the certificates in use; a Secret deleted
 * by hand is issued again from the CA kept in {@code <prefix>-ca}. ECDSA P-256; the CA is valid for
 * ten years, identities for {@code PITBOSS_CERT_DAYS} (825).
 *
 * <p>Environment: {@code POD_NAMESPACE}, {@code PITBOSS_CERT_SECRET_PREFIX}, {@code
 * PITBOSS_CERT_TRUST_DOMAIN}, {@code PITBOSS_CERT_CLIENTS} (comma-separated components), {@code
 * PITBOSS_CERT_WALLET_DNS} (comma-separated), {@code PITBOSS_CERT_DAYS}.
 */
public final class IssueCertificates {
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String MANAGED_BY = "pitboss-issue-certificates";

  private final KubernetesClient client;
  private final String namespace;
  private final String prefix;
  private final String trustDomain;
  private final Duration validity;
  private final Clock clock;

  IssueCertificates(
      KubernetesClient client,
      String namespace,
      String prefix,
      String trustDomain,
      Duration validity,
      Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.prefix = prefix;
    this.trustDomain = trustDomain;
    this.validity = validity;
    this.clock = clock;
  }

  public static void main(String[] args) {
    var env = System.getenv();
    try (var client = new KubernetesClientBuilder().build()) {
      var issuer =
          new IssueCertificates(
              client,
              require(env, "POD_NAMESPACE"),
              require(env, "PITBOSS_CERT_SECRET_PREFIX"),
              env.getOrDefault("PITBOSS_CERT_TRUST_DOMAIN", "pitboss.dev"),
              Duration.ofDays(Long.parseLong(env.getOrDefault("PITBOSS_CERT_DAYS", "825"))),
              Clock.systemUTC());
      var created =
          issuer.ensure(
              list(env.getOrDefault("PITBOSS_CERT_CLIENTS", "")),
              list(env.getOrDefault("PITBOSS_CERT_WALLET_DNS", "")));
      System.out.println(
          created.isEmpty() ? "certificates: all present" : "certificates: created " + created);
    }
  }

  /**
   * Issues what is missing: the CA, a client certificate per component, the wallet's server
   * certificate. Returns the Secrets it created.
   */
  List<String> ensure(List<String> clients, List<String> walletDns) {
    var created = new ArrayList<String>();
    var caSecret = prefix + "-ca";
    var existing = client.secrets().inNamespace(namespace).withName(caSecret).get();
    KeyPair caKeys;
    X509Certificate ca;
    if (existing == null) {
      caKeys = keyPair();
      ca = issueCa(caKeys);
      create(caSecret, Map.of("ca.crt", pem(ca), "ca.key", pkcs8(caKeys.getPrivate())));
      created.add(caSecret);
    } else {
      ca = certificate(decode(existing, "ca.crt"));
      caKeys = new KeyPair(ca.getPublicKey(), privateKey(decode(existing, "ca.key")));
    }
    var identities = new LinkedHashMap<String, List<String>>();
    for (var component : clients) {
      identities.put(component, List.of());
    }
    identities.put("wallet", walletDns);
    for (var identity : identities.entrySet()) {
      var name = prefix + "-" + identity.getKey();
      if (client.secrets().inNamespace(namespace).withName(name).get() != null) {
        continue;
      }
      var keys = keyPair();
      var leaf = issueLeaf(ca, caKeys, identity.getKey(), keys, identity.getValue());
      create(
          name,
          Map.of(
              "tls.crt", pem(leaf),
              "tls.key", pkcs8(keys.getPrivate()),
              "ca.crt", pem(ca)));
      created.add(name);
    }
    return created;
  }

  private void create(String name, Map<String, String> data) {
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels("app.kubernetes.io/managed-by", MANAGED_BY)
            .addToLabels("app.kubernetes.io/name", "pitboss")
            .endMetadata()
            .withType(name.endsWith("-ca") ? "Opaque" : "kubernetes.io/tls")
            .withStringData(data)
            .build();
    client.secrets().inNamespace(namespace).resource(secret).create();
  }

  private X509Certificate issueCa(KeyPair keys) {
    var now = clock.instant();
    var subject = new X500Name("CN=" + prefix + " CA");
    try {
      var builder =
          new JcaX509v3CertificateBuilder(
              subject,
              serial(),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(Duration.ofDays(3650))),
              subject,
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      builder.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      builder.addExtension(
          Extension.subjectKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
      return sign(builder, keys.getPrivate());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not create the CA", e);
    }
  }

  private X509Certificate issueLeaf(
      X509Certificate ca, KeyPair caKeys, String component, KeyPair keys, List<String> dns) {
    var now = clock.instant();
    try {
      var builder =
          new JcaX509v3CertificateBuilder(
              ca,
              serial(),
              Date.from(now.minus(Duration.ofHours(1))),
              Date.from(now.plus(validity)),
              new X500Name("CN=" + component),
              keys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(
          Extension.extendedKeyUsage,
          false,
          new ExtendedKeyUsage(
              dns.isEmpty()
                  ? new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}
                  : new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth}));
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca));
      var names = new ArrayList<GeneralName>();
      names.add(
          new GeneralName(
              GeneralName.uniformResourceIdentifier, "spiffe://" + trustDomain + "/" + component));
      for (var host : dns) {
        names.add(new GeneralName(GeneralName.dNSName, host));
      }
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(names.toArray(GeneralName[]::new)));
      return sign(builder, caKeys.getPrivate());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not issue " + component, e);
    }
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      var op = new JcaContentSignerBuilder("SHA256withECDSA").build(signer);
      return new JcaX509CertificateConverter().getCertificate(builder.build(op));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e);
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

  private static String pem(Object object) {
    var out = new StringWriter();
    try (var writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** PEM "PRIVATE KEY" (PKCS#8), the form the wallet and its clients read. */
  private static String pkcs8(PrivateKey key) {
    try {
      return pem(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String decode(Secret secret, String key) {
    var value = secret.getData() == null ? null : secret.getData().get(key);
    if (value == null) {
      throw new IllegalStateException(
          "Secret " + secret.getMetadata().getName() + " has no " + key);
    }
    return new String(Base64.getDecoder().decode(value), StandardCharsets.US_ASCII);
  }

  static X509Certificate certificate(String pem) {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("not a certificate", e);
    }
  }

  private static PrivateKey privateKey(String pem) {
    try (var parser = new PEMParser(new StringReader(pem))) {
      return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> list(String value) {
    return java.util.Arrays.stream(value.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private static String require(Map<String, String> env, String name) {
    var value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must be set");
    }
    return value;
  }
}
