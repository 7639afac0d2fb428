package dev.pitboss.testbed;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis of a test's own, for what the shared test bed Redis cannot be: one that asks for a
 * password or an ACL user, or speaks only TLS with certificates the test issued ({@link
 * CertificateAuthority}). It runs the test bed's {@code redis-server} ({@code
 * PITBOSS_REDIS_SERVER}, Debian's, built with TLS) on a free loopback port, keeps nothing on disk,
 * and is stopped by {@link #close()}.
 */
public final class RedisServer implements AutoCloseable {
  private final Process process;
  private final Path directory;
  private final int port;

  private RedisServer(Process process, Path directory, int port) {
    this.process = process;
    this.directory = directory;
    this.port = port;
  }

  /**
   * Starts a plaintext Redis with these extra command-line options, e.g. {@code "--requirepass",
   * "secret"} or {@code "--user", "seats", "on", ">secret", "~*", "&*", "+@all"}.
   */
  public static RedisServer start(String... options) throws IOException {
    int port = freePort();
    var args = new ArrayList<>(List.of("--port", Integer.toString(port)));
    args.addAll(List.of(options));
    return start(port, args);
  }

  /**
   * Starts a Redis that speaks only TLS ({@code port 0}, {@code tls-port}) with {@code server}'s
   * certificate and key; clients must present a certificate from the same CA when {@code
   * clientCertificates} is true. Extra options as in {@link #start(String...)}.
   */
  public static RedisServer startTls(
      CertificateAuthority.PemFiles server, boolean clientCertificates, String... options)
      throws IOException {
    int port = freePort();
    var args =
        new ArrayList<>(
            List.of(
                "--port",
                "0",
                "--tls-port",
                Integer.toString(port),
                "--tls-cert-file",
                server.certificateChain().toString(),
                "--tls-key-file",
                server.privateKey().toString(),
                "--tls-ca-cert-file",
                server.trustRoots().toString(),
                "--tls-auth-clients",
                clientCertificates ? "yes" : "no"));
    args.addAll(List.of(options));
    return start(port, args);
  }

  private static RedisServer start(int port, List<String> options) throws IOException {
    var directory = Files.createTempDirectory("pitboss-redis");
    var log = directory.resolve("redis.log");
    var command = new ArrayList<>(List.of(TestBed.require("PITBOSS_REDIS_SERVER")));
    command.addAll(
        List.of(
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            directory.toString(),
            "--logfile",
            log.toString()));
    command.addAll(options);
    var output = directory.resolve("redis.out");
    var process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    var server = new RedisServer(process, directory, port);
    var deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains("Ready to accept connections")) {
        return server;
      }
      if (!process.isAlive()) {
        break;
      }
      sleep();
    }
    var said = Files.readString(output) + (Files.exists(log) ? Files.readString(log) : "");
    server.close();
    throw new IllegalStateException("redis-server did not start on port " + port + ":\n" + said);
  }

  /** The loopback port: plaintext, or TLS for {@link #startTls}. */
  public int port() {
    return port;
  }

  @Override
  public void close() throws IOException {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var files = Files.list(directory)) {
      for (var file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(directory);
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting redis-server", e);
    }
  }
}
