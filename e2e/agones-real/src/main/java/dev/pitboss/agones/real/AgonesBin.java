package dev.pitboss.agones.real;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The folder {@code AGONES_BIN} names: Agones' own {@code controller}, {@code extensions} and
 * {@code sdk-server} binaries, built by the user outside the repository (the repository neither
 * holds nor builds them).
 */
public record AgonesBin(Path folder) {
  public static final String ENV = "AGONES_BIN";

  /** The binaries the folder must hold. */
  public static final List<String> BINARIES = List.of("controller", "extensions", "sdk-server");

  /**
   * The folder an unset (or blank) {@code AGONES_BIN} leaves empty; a folder lacking a binary is
   * refused with that binary's name.
   */
  public static Optional<AgonesBin> fromEnvironment() {
    return from(System.getenv());
  }

  static Optional<AgonesBin> from(Map<String, String> env) {
    var value = env.get(ENV);
    if (value == null || value.isBlank()) return Optional.empty();
    return Optional.of(of(Path.of(value)));
  }

  /** The folder, checked: each of {@link #BINARIES} is an executable file in it. */
  public static AgonesBin of(Path folder) {
    for (var name : BINARIES) {
      var binary = folder.resolve(name);
      if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
        throw new IllegalStateException(
            ENV
                + "="
                + folder
                + " lacks the Agones binary '"
                + name
                + "' (no executable file "
                + binary
                + "): the folder must hold Agones' "
                + String.join(", ", BINARIES)
                + "; unset "
                + ENV
                + " to use the stand-ins");
      }
    }
    return new AgonesBin(folder.toAbsolutePath());
  }

  public Path controller() {
    return folder.resolve("controller");
  }

  public Path extensions() {
    return folder.resolve("extensions");
  }

  public Path sdkServer() {
    return folder.resolve("sdk-server");
  }
}
