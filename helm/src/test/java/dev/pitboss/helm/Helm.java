package dev.pitboss.helm;

import dev.pitboss.testbed.TestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the test bed's helm and kubectl on the chart in this repository. */
final class Helm {
  private Helm() {}

  /** The repository root: this module is {@code helm/}, beside the chart {@code helm/pitboss}. */
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  static final Path CHART = ROOT.resolve("helm/pitboss");

  /** The Agones kinds the chart's prerequisite check asks the cluster for. */
  static final List<String> AGONES_API_VERSIONS =
      List.of(
          "--api-versions", "agones.dev/v1/Fleet",
          "--api-versions", "agones.dev/v1/GameServer",
          "--api-versions", "autoscaling.agones.dev/v1/FleetAutoscaler",
          "--api-versions", "allocation.agones.dev/v1/GameServerAllocation");

  /**
   * The player-token issuer, a required value without a default (the login service is the
   * installer's): every render here gives one unless a test says otherwise.
   */
  static final List<String> PLAYER_TOKENS =
      List.of(
          "--set", "matchmaker.auth.issuer=https://login.example.com/",
          "--set", "matchmaker.auth.jwksUrl=https://login.example.com/.well-known/jwks.json");

  record Result(int exit, String out, String err) {
    Result ok() {
      if (exit != 0) {
        throw new AssertionError("exit " + exit + "\n" + err + "\n" + out);
      }
      return this;
    }
  }

  static Result helm(String... args) {
    var command = new ArrayList<String>();
    command.add(TestBed.helm());
    command.addAll(List.of(args));
    return run(command, List.of());
  }

  /**
   * {@code helm template} of the chart as release "pitboss" in namespace "pitboss", with {@link
   * #PLAYER_TOKENS} before {@code extra} (so a later {@code --set} wins).
   */
  static Result template(List<String> extra) {
    var args = new ArrayList<>(PLAYER_TOKENS);
    args.addAll(extra);
    return templateExactly(args);
  }

  /** {@code helm template} with only {@code extra}. */
  static Result templateExactly(List<String> extra) {
    var command = new ArrayList<String>(List.of("template", "pitboss", CHART.toString()));
    command.addAll(List.of("--namespace", "pitboss"));
    command.addAll(extra);
    return helm(command.toArray(String[]::new));
  }

  static Result run(List<String> command, List<String> env) {
    try {
      var out = Files.createTempFile("pitboss-helm-out", ".txt");
      var err = Files.createTempFile("pitboss-helm-err", ".txt");
      try {
        var builder =
            new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        for (var pair : env) {
          var i = pair.indexOf('=');
          builder.environment().put(pair.substring(0, i), pair.substring(i + 1));
        }
        var process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new AssertionError("timed out: " + command);
        }
        return new Result(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
