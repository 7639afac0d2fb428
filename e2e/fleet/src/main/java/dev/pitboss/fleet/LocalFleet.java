package dev.pitboss.fleet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * The main job: brings the local fleet up and plays what it can end to end (today the cash-table
 * flow with bots; the tournament waits for the matchmaker, issue 10), then prints a summary.
 *
 * <pre>
 * LocalFleet [--players N] [--hands N] [--keep]
 * </pre>
 *
 * Ctrl-C (or SIGTERM) stops everything it started.
 */
public final class LocalFleet {

  private LocalFleet() {}

  public static void main(String[] args) throws Exception {
    int players = 12;
    int hands = 20;
    boolean keep = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--players" -> players = Integer.parseInt(args[++i]);
        case "--hands" -> hands = Integer.parseInt(args[++i]);
        case "--keep" -> keep = true;
        default -> {
          System.err.println("usage: local-fleet [--players N] [--hands N] [--keep]");
          System.exit(2);
        }
      }
    }
    var began = Instant.now();
    var fleet = Fleet.start(Fleet.Options.defaults(), LocalFleet::say);
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  say("stopping everything the fleet started");
                  fleet.close();
                  stopped.countDown();
                }));
    say(
        "fleet up in "
            + seconds(fleet.startedIn())
            + " (logs and certificates in "
            + fleet.runDir()
            + ")");
    say(
        "tournament main job: pending — bots are not yet seated through the matchmaker;"
            + " playing the cash-table flow");
    var yaml =
        Files.readString(
            dev.pitboss.agones.standin.AgonesRelease.repositoryRoot(Path.of(""))
                .resolve("manifests/examples/cash-table.yaml"));
    var result = CashTablePlay.run(fleet, yaml, players, 10_000, hands, LocalFleet::say);
    say("---- summary ----");
    say("fleet up:        " + seconds(fleet.startedIn()));
    say("players:         " + result.players() + " bots, each buying in €100.00");
    say(
        "tables:          "
            + result.tablesUsed()
            + " played, "
            + result.tablesOpen()
            + " in the lobby now");
    say("hands:           " + result.hands());
    say("reconciliation:  " + (result.reconciled() ? "balanced" : "NOT balanced"));
    say(
        "balances:        "
            + (result.problems().isEmpty()
                ? "every player's balance right to the chip"
                : result.problems()));
    say(
        "cash play took:  "
            + seconds(result.took())
            + "; total "
            + seconds(Duration.between(began, Instant.now())));
    long total = 0;
    for (var entry : fleet.memory().entrySet()) {
      total += entry.getValue();
      say(String.format("memory %-40s %6d MiB", entry.getKey(), entry.getValue() >> 20));
    }
    say(String.format("memory %-40s %6d MiB", "all processes", total >> 20));
    if (keep) {
      say("--keep: the fleet keeps running. Inspect it with:");
      say("  lobby (the matchmaker): " + fleet.matchmakerUrl() + "/v1/lobby");
      var testBedKubectl =
          System.getenv("KUBE_API_TEST_DIR") == null
              ? "kubectl"
              : Path.of(
                      System.getenv("KUBE_API_TEST_DIR"),
                      "k8s",
                      System.getenv("PITBOSS_K8S_VERSION") + "-linux-amd64",
                      "kubectl")
                  .toString();
      say(
          "  "
              + testBedKubectl
              + " --kubeconfig "
              + fleet.kubeconfig()
              + " get tables,gameservers,fleets -A");
      say("  logs: " + fleet.runDir().resolve("logs"));
      say("Ctrl-C stops everything.");
      stopped.await();
      return;
    }
    System.exit(result.problems().isEmpty() ? 0 : 1);
  }

  private static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }

  private static void say(String line) {
    System.out.println("[local-fleet " + java.time.LocalTime.now().withNano(0) + "] " + line);
  }
}
