package dev.pitboss.agones.real;

import dev.pitboss.agones.standin.AgonesRelease;
import dev.pitboss.testbed.CertificateAuthority;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Agones v1.60.0 itself, run out of cluster against a kube-apiserver that already has Agones' own
 * CRDs: the {@code controller} and {@code extensions} binaries from {@code AGONES_BIN} ({@link
 * AgonesBin}, built by the user outside the repository), its allocation APIService through an
 * ExternalName Service at {@code localhost}, and its webhooks registered by URL on loopback.
 * GameServers have no pods: the operator's dev-address option makes them Agones development
 * servers, and whoever stands in for the kubelet runs a {@link RealSdkServer} beside each game
 * server. Used by the operator's real-Agones tier and by the local fleet.
 *
 * <p>The extensions binary loads its serving certificate from {@code /certs/} whatever its flags
 * say; it runs in a private mount namespace, chrooted into a folder that has {@code /certs}, so
 * nothing is written to the real root. The controller binds its health port {@code :8080} on every
 * interface (no flag moves it): one RealAgones runs per machine at a time.
 */
public final class RealAgones implements AutoCloseable {
  private final Path work;
  private final Path kubeconfig;
  private final Map<String, Process> processes = new java.util.LinkedHashMap<>();
  private final int webhookPort;

  /**
   * Starts the controller and the extensions and registers them; {@code work} (created if needed)
   * gets their logs, the kubeconfig they use and the extensions' chroot. On failure, whatever
   * started is stopped.
   */
  public RealAgones(KubernetesClient client, String kubeconfigYaml, AgonesBin bin, Path work)
      throws Exception {
    this.work = Files.createDirectories(work);
    try {
      kubeconfig = work.resolve("kubeconfig");
      Files.writeString(kubeconfig, selfContained(kubeconfigYaml));
      webhookPort = freePort();
      start(client, bin);
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  private void start(KubernetesClient client, AgonesBin bin) throws Exception {
    var certs = Files.createDirectories(work.resolve("root/certs"));
    var certificate = writeCertificate(certs);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("agones-system")
                .endMetadata()
                .build())
        .createOr(existing -> existing.update());
    client
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName("agones-sdk")
                .withNamespace("default")
                .endMetadata()
                .build())
        .createOr(existing -> existing.update());

    processes.put(
        "agones-controller",
        start(
            "controller",
            List.of(
                bin.controller().toString(),
                "--kubeconfig",
                kubeconfig.toString(),
                "--min-port",
                "7000",
                "--max-port",
                "8000",
                "--cloud-product",
                "generic")));
    var root = work.resolve("root");
    Files.createFile(root.resolve("extensions"));
    Files.copy(kubeconfig, root.resolve("kubeconfig"));
    Files.createDirectories(root.resolve("etc"));
    Files.createDirectories(root.resolve("proc"));
    Files.createDirectories(root.resolve("dev"));
    var script =
        String.join(
            " && ",
            "mount --bind " + bin.extensions() + " " + root.resolve("extensions"),
            "mount --rbind /etc " + root.resolve("etc"),
            "mount --rbind /proc " + root.resolve("proc"),
            "mount --rbind /dev " + root.resolve("dev"),
            "exec chroot "
                + root
                + " /extensions --kubeconfig /kubeconfig --cloud-product generic"
                + " --cert-file /certs/server.crt --key-file /certs/server.key"
                + " --webhook-port "
                + webhookPort
                + " --http-port "
                + freePort());
    processes.put(
        "agones-extensions",
        start(
            "extensions",
            List.of("unshare", "--mount", "--propagation", "private", "--", "sh", "-c", script)));
    awaitPort(webhookPort, Duration.ofSeconds(60));

    registerWebhooks(client, certificate);
    // The release's APIService, served by the extensions through an ExternalName Service.
    AgonesRelease.registerAllocationApi(client, webhookPort, java.time.Duration.ofSeconds(120));
  }

  /**
   * The test cluster's kubeconfig with its certificate files inlined, so it also works inside the
   * extensions' chroot.
   */
  private static String selfContained(String kubeconfigYaml) throws IOException {
    var config = io.fabric8.kubernetes.client.Config.fromKubeconfig(kubeconfigYaml);
    var kubeconfig =
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "Config",
            "clusters",
            List.of(
                Map.of(
                    "name",
                    "test",
                    "cluster",
                    Map.of(
                        "server",
                        config.getMasterUrl(),
                        "certificate-authority-data",
                        data(config.getCaCertData(), config.getCaCertFile())))),
            "users",
            List.of(
                Map.of(
                    "name",
                    "test",
                    "user",
                    Map.of(
                        "client-certificate-data",
                        data(config.getClientCertData(), config.getClientCertFile()),
                        "client-key-data",
                        data(config.getClientKeyData(), config.getClientKeyFile())))),
            "contexts",
            List.of(
                Map.of(
                    "name",
                    "test",
                    "context",
                    Map.of("cluster", "test", "user", "test", "namespace", "default"))),
            "current-context",
            "test");
    return Serialization.asYaml(kubeconfig);
  }

  private static String data(String inline, String file) throws IOException {
    if (inline != null && !inline.isBlank()) return inline;
    return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file)));
  }

  private Process start(String name, List<String> command) throws IOException {
    var log = work.resolve(name + ".log").toFile();
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
        .start();
  }

  /** Where the processes' logs are, for a failure message. */
  public Path logs() {
    return work;
  }

  /**
   * A kubeconfig of the API server with its certificates inlined, e.g. for a {@link RealSdkServer}.
   */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The process ids of the controller and the extensions, by name. */
  public Map<String, Long> pids() {
    var pids = new java.util.LinkedHashMap<String, Long>();
    processes.forEach((name, process) -> pids.put(name, process.pid()));
    return pids;
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitPort(int port, Duration timeout) throws InterruptedException {
    var deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (var process : processes.entrySet()) {
        if (!process.getValue().isAlive()) {
          throw new IllegalStateException(process.getKey() + " exited; see its log in " + work);
        }
      }
      try (var socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        TimeUnit.MILLISECONDS.sleep(200);
      }
    }
    throw new IllegalStateException("Agones extensions did not listen on " + port + "; " + work);
  }

  /**
   * Agones' mutating and validating webhooks (rules as in its v1.60.0 install), pointing at the
   * extensions by URL, trusted through the test certificate.
   */
  private void registerWebhooks(KubernetesClient client, String certificatePem) {
    var caBundle =
        Base64.getEncoder().encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII));
    var url = "https://127.0.0.1:" + webhookPort;
    var mutating =
        Map.of(
            "apiVersion",
            "admissionregistration.k8s.io/v1",
            "kind",
            "MutatingWebhookConfiguration",
            "metadata",
            Map.of("name", "agones-mutation-webhook"),
            "webhooks",
            List.of(
                webhook(
                    "mutations.agones.dev",
                    url + "/mutate",
                    caBundle,
                    List.of(
                        rule("agones.dev", List.of("gameservers", "fleets"), List.of("CREATE")),
                        rule(
                            "autoscaling.agones.dev",
                            List.of("fleetautoscalers"),
                            List.of("CREATE", "UPDATE"))))));
    var validating =
        Map.of(
            "apiVersion",
            "admissionregistration.k8s.io/v1",
            "kind",
            "ValidatingWebhookConfiguration",
            "metadata",
            Map.of("name", "agones-validation-webhook"),
            "webhooks",
            List.of(
                webhook(
                    "validations.agones.dev",
                    url + "/validate",
                    caBundle,
                    List.of(
                        rule(
                            "agones.dev",
                            List.of("fleets", "gameservers", "gameserversets"),
                            List.of("CREATE")),
                        rule("agones.dev", List.of("fleets", "gameserversets"), List.of("UPDATE")),
                        rule(
                            "autoscaling.agones.dev",
                            List.of("fleetautoscalers"),
                            List.of("CREATE", "UPDATE"))))));
    for (var configuration : List.of(mutating, validating)) {
      client
          .resource(
              Serialization.unmarshal(
                  Serialization.asJson(configuration), GenericKubernetesResource.class))
          .createOr(existing -> existing.update());
    }
  }

  private static Map<String, Object> webhook(
      String name, String url, String caBundle, List<Map<String, Object>> rules) {
    return Map.of(
        "name",
        name,
        "admissionReviewVersions",
        List.of("v1"),
        "sideEffects",
        "None",
        "failurePolicy",
        "Fail",
        "clientConfig",
        Map.of("url", url, "caBundle", caBundle),
        "rules",
        rules);
  }

  private static Map<String, Object> rule(
      String group, List<String> resources, List<String> operations) {
    return Map.of(
        "apiGroups",
        List.of(group),
        "apiVersions",
        List.of("v1"),
        "resources",
        resources,
        "operations",
        operations);
  }

  /**
   * A serving certificate for 127.0.0.1, localhost and the controller's Service name from a CA of
   * this run, written as PEM where the extensions read it ({@code server.crt}, {@code server.key});
   * returns the CA certificate PEM, which the webhooks trust.
   */
  private static String writeCertificate(Path dir) throws IOException {
    var ca =
        CertificateAuthority.create(dir.resolveSibling("ca"), "real-agones", Clock.systemUTC());
    var server =
        ca.issue(
            "server",
            null,
            "localhost",
            "127.0.0.1",
            "agones-controller-service.agones-system.svc");
    Files.move(server.certificateChain(), dir.resolve("server.crt"));
    Files.move(server.privateKey(), dir.resolve("server.key"));
    return Files.readString(ca.trustRoots(), StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws InterruptedException {
    for (var process : processes.values()) process.destroy();
    for (var process : processes.values()) {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    }
  }
}
