package dev.pitboss.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordFileTest {

  @Test
  void dropsOneTrailingLineBreakAndNothingElse(@TempDir Path dir) throws Exception {
    assertThat(PasswordFile.read(Files.writeString(dir.resolve("crlf"), "s3cret\r\n")))
        .isEqualTo("s3cret");
    assertThat(PasswordFile.read(Files.writeString(dir.resolve("lf"), "s3cret\n")))
        .isEqualTo("s3cret");
    assertThat(PasswordFile.read(Files.writeString(dir.resolve("none"), " s3cret ")))
        .isEqualTo(" s3cret ");
    assertThat(PasswordFile.read(Files.writeString(dir.resolve("two"), "s3cret\n\n")))
        .isEqualTo("s3cret\n");
    assertThat(PasswordFile.read(Files.writeString(dir.resolve("empty"), "\n"))).isEmpty();
  }
}
