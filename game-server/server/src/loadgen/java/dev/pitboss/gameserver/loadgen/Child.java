package dev.pitboss.gameserver.loadgen;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;

/**
 * A JVM the load generator starts on this machine's class path (the game server, the wallet), with
 * its output in a log file, and what /proc and jcmd say about it: CPU time, resident memory, heap
 * after a full GC. Processes of this benchmark only; stopped with SIGTERM, then SIGKILL.
 */
final class Child implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final String name;
  final Process process;
  final Path log;

  private Child(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static Child start(
      String name, Path dir, List<String> jvmOptions, String mainClass, Map<String, String> env)
      throws IOException {
    var command = new ArrayList<String>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    var log = dir.resolve(name + ".log");
    var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    return new Child(name, builder.start(), log);
  }

  long pid() {
    return process.pid();
  }

  /** Waits for {@code ready}, failing with the log's tail if the process dies or time runs out. */
  void await(String what, Duration timeout, Callable<Boolean> ready) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive())
        throw new IllegalStateException(name + " exited (" + process.exitValue() + ")\n" + tail());
      try {
        if (ready.call()) return;
      } catch (Exception e) {
        // not up yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(name + ": no " + what + " after " + timeout + "\n" + tail());
  }

  String tail() {
    try {
      var lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** User + system CPU time, in milliseconds, from /proc. */
  static long cpuMillis(long pid) {
    try {
      var stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      var fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // Fields 14 and 15 of stat (utime, stime), counted after the command name, in 1/100 s.
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Resident set size in MiB, from /proc. */
  static long rssMiB(long pid) {
    try {
      for (var line : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
        if (line.startsWith("VmRSS:"))
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** The machine's 1-minute load average. */
  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  /** Runs a full GC in the process ({@code jcmd <pid> GC.run}). */
  void fullGc() throws IOException, InterruptedException {
    var java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    var jcmd = java.resolveSibling("jcmd").toString();
    var gc =
        new ProcessBuilder(jcmd, Long.toString(pid()), "GC.run")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!gc.waitFor(60, TimeUnit.SECONDS)) gc.destroyForcibly();
  }

  /** A Prometheus text exposition, fetched. */
  static String scrape(int port) throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(20))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The sum of every sample of {@code metric} whose labels contain {@code labelPart}. */
  static double metric(String exposition, String metric, String labelPart) {
    double sum = 0;
    for (var line : exposition.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(metric)) continue;
      int space = line.lastIndexOf(' ');
      var name = line.substring(0, space);
      if (!name.equals(metric) && !name.startsWith(metric + "{")) continue;
      if (!labelPart.isEmpty() && !name.contains(labelPart)) continue;
      sum += Double.parseDouble(line.substring(space + 1));
    }
    return sum;
  }

  static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** SIGTERM (a drain, for the game server), then SIGKILL after {@code grace}. */
  void stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) stop(Duration.ofSeconds(5));
  }
}
