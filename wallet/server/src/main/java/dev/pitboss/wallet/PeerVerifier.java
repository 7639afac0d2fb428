package dev.pitboss.wallet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Turns a TLS session into the caller's {@link Identity}. The handshake itself accepts any client
 * certificate whose key the client proves it holds ({@link #handshakeTrustManager()}); the chain is
 * validated here, per session, against the trust roots at the injected clock's time. Doing it here
 * rather than failing the handshake lets every refused caller (no certificate, another CA, expired)
 * get an UNAUTHENTICATED status and an audit row instead of a broken connection.
 */
final class PeerVerifier {
  private static final String VERIFIED = "pitboss.verified-peer";

  /** A chain that validated once; only its validity window is checked again on later calls. */
  private record Verified(Identity identity, Instant notBefore, Instant notAfter) {}

  static final class Refused extends Exception {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  private final Set<TrustAnchor> anchors;
  private final List<X509Certificate> roots;
  private final Clock clock;

  PeerVerifier(Path trustRoots, Clock clock) throws IOException {
    this.clock = clock;
    try (InputStream in = Files.newInputStream(trustRoots)) {
      this.roots =
          CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
              .map(X509Certificate.class::cast)
              .toList();
    } catch (CertificateException e) {
      throw new IOException("trust roots " + trustRoots + " are not PEM certificates", e);
    }
    if (roots.isEmpty()) {
      throw new IOException("trust roots " + trustRoots + " hold no certificate");
    }
    var set = new HashSet<TrustAnchor>();
    roots.forEach(root -> set.add(new TrustAnchor(root, null)));
    this.anchors = Set.copyOf(set);
  }

  Identity identity(SSLSession session) throws Refused {
    if (session == null) {
      throw new Refused("not a TLS connection");
    }
    Certificate[] peer;
    try {
      peer = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      throw new Refused("no client certificate");
    }
    var now = clock.instant();
    if (session.getValue(VERIFIED) instanceof Verified v) {
      if (now.isBefore(v.notBefore()) || now.isAfter(v.notAfter())) {
        throw new Refused("client certificate is not valid at " + now);
      }
      return v.identity();
    }
    var chain = Arrays.stream(peer).map(X509Certificate.class::cast).toList();
    validate(chain, now);
    var identity = spiffeId(chain.getFirst());
    var notBefore = chain.stream().map(c -> c.getNotBefore().toInstant()).max(Instant::compareTo);
    var notAfter = chain.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo);
    session.putValue(
        VERIFIED, new Verified(identity, notBefore.orElseThrow(), notAfter.orElseThrow()));
    return identity;
  }

  private void validate(List<X509Certificate> chain, Instant now) throws Refused {
    try {
      var factory = CertificateFactory.getInstance("X.509");
      // The path excludes a trust anchor the client may have sent along.
      var path = chain.stream().filter(c -> !roots.contains(c)).toList();
      var params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(path), params);
    } catch (CertPathValidatorException e) {
      throw new Refused("client certificate not trusted: " + e.getReason() + ": " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new Refused("client certificate not trusted: " + e.getMessage());
    }
  }

  private static Identity spiffeId(X509Certificate leaf) throws Refused {
    try {
      var names = leaf.getSubjectAlternativeNames();
      if (names != null) {
        var uris =
            names.stream()
                .filter(n -> ((Integer) n.get(0)) == 6)
                .map(n -> (String) n.get(1))
                .filter(uri -> uri.startsWith(Identity.TRUST_DOMAIN))
                .toList();
        if (uris.size() == 1) {
          return new Identity(uris.getFirst());
        }
      }
    } catch (CertificateException | IllegalArgumentException e) {
      throw new Refused("client certificate has an unusable SAN: " + e.getMessage());
    }
    throw new Refused("client certificate names no single " + Identity.TRUST_DOMAIN + " URI SAN");
  }

  /**
   * For the TLS handshake: accepts the client's chain so that {@link #identity} can validate it and
   * the refusal reaches the caller and the audit log. Server-side only; never trusts a server.
   */
  X509ExtendedTrustManager handshakeTrustManager() {
    return new X509ExtendedTrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkClientTrusted(
          X509Certificate[] chain, String authType, java.net.Socket socket) {}

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        throw new CertificateException("the wallet trusts no server");
      }

      @Override
      public void checkServerTrusted(
          X509Certificate[] chain, String authType, java.net.Socket socket)
          throws CertificateException {
        throw new CertificateException("the wallet trusts no server");
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
          throws CertificateException {
        throw new CertificateException("the wallet trusts no server");
      }

      /**
       * None named: a client then sends whatever certificate it has, so one from a foreign CA is
       * refused with that reason rather than arriving as "no certificate".
       */
      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
  }
}
