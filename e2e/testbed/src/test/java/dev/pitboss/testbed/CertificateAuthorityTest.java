package dev.pitboss.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
  @TempDir Path dir;

  @Test
  void issuesALeafSignedByTheCaWithItsSpiffeIdAndHosts() throws Exception {
    var ca = CertificateAuthority.create(dir, "test CA", Clock.systemUTC());
    var files = ca.issue("wallet", "spiffe://pitboss.dev/wallet", "localhost", "127.0.0.1");
    var leaf = read(files.certificateChain());
    leaf.verify(ca.certificate().getPublicKey());
    leaf.checkValidity();
    assertThat(leaf.getSubjectAlternativeNames())
        .contains(
            List.of(6, "spiffe://pitboss.dev/wallet"),
            List.of(2, "localhost"),
            List.of(7, "127.0.0.1"));
    assertThat(Files.readString(files.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(read(files.trustRoots()).getBasicConstraints()).isGreaterThanOrEqualTo(0);
  }

  private static X509Certificate read(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
