package dev.pitboss.fleet;

import dev.pitboss.agones.standin.AgonesRelease;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The class path of the processes the fleet starts: this module's dependencies as the build wrote
 * them ({@code e2e/fleet/target/fleet.classpath}, by {@code dependency:build-classpath} over the
 * reactor), so every process runs the code just built, never a copy from a local repository.
 */
final class FleetClasspath {
  private static String value;

  private FleetClasspath() {}

  /**
   * The class path without the jars whose names start with one of {@code artifacts}: the wallet and
   * the matchmaker are both Micronaut applications, and a Micronaut context starts every bean on
   * its class path, so each runs without the other's jar.
   */
  static String without(String... artifacts) {
    var kept = new java.util.ArrayList<String>();
    for (var entry : get().split(File.pathSeparator)) {
      var name = Path.of(entry).getFileName().toString();
      if (java.util.Arrays.stream(artifacts).noneMatch(a -> name.startsWith(a + "-"))) {
        kept.add(entry);
      }
    }
    return String.join(File.pathSeparator, kept);
  }

  static synchronized String get() {
    if (value == null) {
      var module =
          AgonesRelease.repositoryRoot(Path.of("").toAbsolutePath()).resolve("e2e/fleet/target");
      var file = module.resolve("fleet.classpath");
      try {
        value = module.resolve("classes") + File.pathSeparator + Files.readString(file).strip();
      } catch (IOException e) {
        throw new UncheckedIOException(
            file + " is missing: build e2e/fleet first (./mvnw -pl e2e/fleet -am package)", e);
      }
    }
    return value;
  }
}
