package dev.pitboss.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.testbed.CertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.SslVerifyMode;

/** PEM files into Jedis's TLS; a file that holds the wrong thing is named in the error. */
class RedisTlsTest {

  @Test
  void aCaAndAClientCertificateMakeAVerifyingTlsContext(@TempDir Path dir) throws Exception {
    var ca = CertificateAuthority.create(dir.resolve("ca"), "redis test CA", Clock.systemUTC());
    var client = ca.issue("client", null);

    var options =
        RedisTls.sslOptions(ca.trustRoots(), client.certificateChain(), client.privateKey());

    assertThat(options.getSslVerifyMode()).isEqualTo(SslVerifyMode.FULL);
    assertThat(options.createSslContext()).isNotNull();
    assertThat(RedisTls.sslOptions(null, null, null).getSslVerifyMode())
        .isEqualTo(SslVerifyMode.FULL);
  }

  @Test
  void refusesAFileWithoutACertificateOrAPkcs8Key(@TempDir Path dir) throws Exception {
    var ca = CertificateAuthority.create(dir.resolve("ca"), "redis test CA", Clock.systemUTC());
    var client = ca.issue("client", null);
    var empty = Files.writeString(dir.resolve("empty.pem"), "");

    assertThatThrownBy(() -> RedisTls.sslOptions(empty, null, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(empty + " holds no PEM certificate");
    assertThatThrownBy(
            () -> RedisTls.sslOptions(null, client.certificateChain(), client.certificateChain()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not a PKCS#8 PEM private key");
  }
}
