package dev.pitboss.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void thePasswordIsInlineOrInAFileNeverBoth(@TempDir Path dir) throws Exception {
    var file = Files.writeString(dir.resolve("password"), "s3cret\n").toString();

    assertThat(PasswordFile.choose("s3cret", null, "PW", "PW_FILE")).isEqualTo("s3cret");
    assertThat(PasswordFile.choose(null, file, "PW", "PW_FILE")).isEqualTo("s3cret");
    assertThat(PasswordFile.choose("", " ", "PW", "PW_FILE")).isNull();
    assertThatThrownBy(() -> PasswordFile.choose("s3cret", file, "PW", "PW_FILE"))
        .hasMessage("set PW or PW_FILE, not both");
    var missing = dir.resolve("missing").toString();
    assertThatThrownBy(() -> PasswordFile.choose(null, missing, "PW", "PW_FILE"))
        .hasMessageStartingWith("PW_FILE " + missing + " cannot be read");
    var empty = Files.writeString(dir.resolve("empty"), "\n").toString();
    assertThatThrownBy(() -> PasswordFile.choose(null, empty, "PW", "PW_FILE"))
        .hasMessage("PW_FILE " + empty + " is empty");
  }
}
