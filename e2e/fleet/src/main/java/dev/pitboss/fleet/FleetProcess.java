package dev.pitboss.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A component of the fleet run as a JVM process of its production main, its output in a log. */
final class FleetProcess implements AutoCloseable {
  final String name;
  final Path log;
  private final Process process;

  private FleetProcess(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /** The jars of the two Micronaut applications; each process gets at most its own. */
  static final String WALLET_JAR = "pitboss-wallet-server";

  static final String MATCHMAKER_JAR = "pitboss-matchmaker";

  static FleetProcess start(
      String name,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      String maxHeap,
      Path logDir) {
    return start(
        name,
        mainClass,
        args,
        env,
        maxHeap,
        logDir,
        FleetClasspath.without(WALLET_JAR, MATCHMAKER_JAR));
  }

  static FleetProcess start(
      String name,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      String maxHeap,
      Path logDir,
      String classpath) {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-XX:+UseSerialGC",
            "-Xmx" + maxHeap,
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            classpath,
            mainClass));
    command.addAll(args);
    return command(name, command, env, logDir);
  }

  /** Any program, its output to {@code <logDir>/<name>.log}. */
  static FleetProcess command(
      String name, List<String> command, Map<String, String> env, Path logDir) {
    var log = logDir.resolve(name + ".log");
    try {
      Files.createDirectories(logDir);
      var builder = new ProcessBuilder(command).redirectErrorStream(true);
      // Appended: a restarted process keeps its predecessor's log.
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      return new FleetProcess(name, log, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  long pid() {
    return process.pid();
  }

  java.util.concurrent.CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Resident memory in bytes, from {@code /proc} (0 once it ended). */
  long residentBytes() {
    return Rss.of(process.pid());
  }

  /** SIGKILL, as a crash. */
  void kill() {
    process.destroyForcibly();
  }

  /** SIGTERM, then SIGKILL after 30 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Resident memory of a process from {@code /proc/<pid>/status}. */
  static final class Rss {
    private Rss() {}

    static long of(long pid) {
      try {
        for (var line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
          if (line.startsWith("VmRSS:")) {
            return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
          }
        }
      } catch (IOException | UncheckedIOException e) {
        return 0;
      }
      return 0;
    }
  }
}
