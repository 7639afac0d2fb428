package dev.pitboss.agones.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgonesBinTest {
  @TempDir Path folder;

  private void executable(String name) throws Exception {
    var file = Files.createFile(folder.resolve(name));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void unsetOrBlankMeansTheStandIns() {
    assertThat(AgonesBin.from(Map.of())).isEmpty();
    assertThat(AgonesBin.from(Map.of("AGONES_BIN", " "))).isEmpty();
  }

  @Test
  void aFolderWithTheThreeBinariesIsAccepted() throws Exception {
    for (var name : AgonesBin.BINARIES) executable(name);
    var bin = AgonesBin.from(Map.of("AGONES_BIN", folder.toString())).orElseThrow();
    assertThat(bin.sdkServer()).isEqualTo(folder.resolve("sdk-server"));
  }

  @Test
  void aFolderWithoutOneOfThemIsRefusedNamingIt() throws Exception {
    executable("controller");
    executable("extensions");
    assertThatThrownBy(() -> AgonesBin.from(Map.of("AGONES_BIN", folder.toString())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lacks the Agones binary 'sdk-server'")
        .hasMessageContaining(folder.toString());
  }

  @Test
  void aBinaryThatIsNotExecutableIsRefused() throws Exception {
    executable("controller");
    Files.createFile(folder.resolve("extensions"));
    executable("sdk-server");
    assertThatThrownBy(() -> AgonesBin.of(folder))
        .hasMessageContaining("lacks the Agones binary 'extensions'");
  }
}
