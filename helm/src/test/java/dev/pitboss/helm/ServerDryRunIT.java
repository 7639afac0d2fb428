package dev.pitboss.helm;

import static dev.pitboss.helm.Helm.AGONES_API_VERSIONS;
import static dev.pitboss.helm.Helm.ROOT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.crds.Table;
import dev.pitboss.crds.Tournament;
import dev.pitboss.matchmaker.Catalog;
import dev.pitboss.testbed.CertificateAuthority;
import dev.pitboss.testbed.RedisServer;
import dev.pitboss.testbed.TestBed;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object the chart renders, applied with server-side dry-run to the test bed's real
 * kube-apiserver with our CRDs and Agones' real v1.60.0 CRDs installed (read from {@code
 * shared/agones/v1.60.0} beside the repository, never copied): zero rejected objects. The namespace
 * enforces and warns at the restricted Pod Security level, so a pod that is not restricted would be
 * refused or warned about. The Fleet the operator builds from the chart's pod template is dry-run
 * too, against Agones' own schema.
 */
class ServerDryRunIT {
  /** Kinds whose CRDs (cert-manager, Prometheus Operator) are not in the test bed. */
  static final Set<String> NOT_SERVED_HERE =
      Set.of("cert-manager.io/v1", "monitoring.coreos.com/v1");

  static KubeAPIServer server;
  static Path kubeconfig;

  @BeforeAll
  static void cluster() throws Exception {
    server = TestBed.startKubeApiServer();
    kubeconfig = Files.createTempFile("pitboss-helm-kubeconfig", ".yaml");
    Files.writeString(kubeconfig, server.getKubeConfigYaml());
    kubectl("create", "-f", ROOT.resolve("crds/kubernetes").toString()).ok();
    // kubectl 1.34's client-side validation refuses Agones' CRDs; Agones' own install is a plain
    // create.
    kubectl("create", "--validate=false", "-f", agonesCrds().toString()).ok();
    kubectl("wait", "--for=condition=Established", "crd", "--all", "--timeout=60s").ok();
    kubectl("create", "namespace", "pitboss").ok();
    kubectl(
            "label",
            "namespace",
            "pitboss",
            "pod-security.kubernetes.io/enforce=restricted",
            "pod-security.kubernetes.io/warn=restricted")
        .ok();
  }

  @AfterAll
  static void stop() throws IOException {
    if (server != null) {
      server.stop();
    }
    if (kubeconfig != null) {
      Files.deleteIfExists(kubeconfig);
    }
  }

  static Stream<String> valuesFiles() throws Exception {
    return ChartIT.valuesFiles();
  }

  @ParameterizedTest(name = "dry-run {0}")
  @MethodSource("valuesFiles")
  void everyRenderedObjectIsAccepted(String file) throws Exception {
    var args = ChartIT.withValues(file);
    args.addAll(AGONES_API_VERSIONS);
    var docs = Manifests.documents(Helm.template(args).ok().out());
    var served =
        docs.stream().filter(d -> !NOT_SERVED_HERE.contains(Manifests.apiVersion(d))).toList();
    var result = applyDryRun(Manifests.join(served));
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.err()).as("warnings").doesNotContain("Warning");
    assertThat(result.out().lines().filter(l -> l.endsWith("(server dry run)")).count())
        .isEqualTo(served.size());
  }

  @Test
  void thePlainManifestsAreAccepted() throws Exception {
    var docs = Manifests.documents(Files.readString(ROOT.resolve("manifests/pitboss.yaml")));
    // The CRDs are installed already (create, not apply): dry-run the rest.
    var rest =
        docs.stream().filter(d -> !Manifests.kind(d).equals("CustomResourceDefinition")).toList();
    var result = applyDryRun(Manifests.join(rest));
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.err()).doesNotContain("Warning");
  }

  /**
   * The Fleet as the operator makes it (RegionFleets.fleetSpec) around the chart's pod template.
   */
  @Test
  void agonesAcceptsAFleetOfTheChartsPodTemplate() throws Exception {
    var args = new ArrayList<>(AGONES_API_VERSIONS);
    var template =
        Manifests.documents(Helm.template(args).ok().out()).stream()
            .filter(d -> Manifests.kind(d).equals("ConfigMap"))
            .map(d -> Serialization.unmarshal(d, ConfigMap.class))
            .filter(c -> c.getMetadata().getName().endsWith("-gameserver-template"))
            .findFirst()
            .orElseThrow();
    Object podTemplate =
        Serialization.unmarshal(template.getData().get("pod-template.yaml"), Map.class);
    var fleet = new LinkedHashMap<String, Object>();
    fleet.put("apiVersion", "agones.dev/v1");
    fleet.put("kind", "Fleet");
    fleet.put(
        "metadata",
        Map.of(
            "name",
            "pitboss-eu-west",
            "namespace",
            "pitboss",
            "labels",
            Map.of("app.kubernetes.io/managed-by", "pitboss-operator")));
    fleet.put(
        "spec",
        Map.of(
            "replicas",
            1,
            "scheduling",
            "Packed",
            "template",
            Map.of(
                "metadata",
                Map.of("labels", Map.of("pitboss.dev/region", "eu-west")),
                "spec",
                Map.of(
                    "container",
                    "game-server",
                    "ports",
                    List.of(
                        Map.of(
                            "name", "game",
                            "portPolicy", "Dynamic",
                            "containerPort", 7654,
                            "protocol", "TCP")),
                    "lists",
                    Map.of("tables", Map.of("capacity", 20), "players", Map.of("capacity", 200)),
                    "template",
                    podTemplate))));
    var result = applyDryRun(Serialization.asYaml(fleet));
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).contains("fleet.agones.dev/pitboss-eu-west created (server dry run)");
  }

  /**
   * The chart's RBAC created for real on the RBAC-authorising API server: its ServiceAccount may do
   * what the operator does and is refused what it does not need (asked with {@code kubectl auth
   * can-i}, a SubjectAccessReview).
   */
  @Test
  void theOperatorsServiceAccountHasOnlyItsRights() throws Exception {
    applyRbacOf("pitboss-operator");
    var allowed =
        List.of(
            List.of("patch", "tables.pitboss.dev", "--subresource=status", "-n", "default"),
            // Allocation is Agones' aggregated API, not served here; RbacIT covers it.
            List.of("create", "fleets.agones.dev", "-n", "default"),
            List.of("create", "events", "-n", "default"),
            List.of("patch", "fleets.agones.dev", "-n", "default"),
            List.of("update", "leases.coordination.k8s.io", "-n", "pitboss"));
    var refused =
        List.of(
            List.of("delete", "tables.pitboss.dev", "-n", "default"),
            List.of("create", "tables.pitboss.dev", "-n", "default"),
            List.of("delete", "gameservers.agones.dev", "-n", "default"),
            List.of("get", "secrets", "-n", "pitboss"),
            List.of("update", "leases.coordination.k8s.io", "-n", "default"),
            List.of("create", "pods", "-n", "default"));
    assertRights("pitboss-operator", allowed, refused);
  }

  /**
   * The matchmaker's ServiceAccount, likewise: what its {@code Catalog} does — informers (list,
   * watch) on Tables and Tournaments in every namespace, a merge patch of a Tournament's status
   * (fabric8 gets the Tournament first) — and nothing else: not the Tournament's spec, not other
   * status writes, not a Table by name, not Secrets or pods; then {@code Catalog} itself run as it.
   */
  @Test
  void theMatchmakersServiceAccountHasOnlyItsRights() throws Exception {
    applyRbacOf("pitboss-matchmaker");
    var allowed =
        List.of(
            List.of("list", "tables.pitboss.dev", "--all-namespaces"),
            List.of("watch", "tables.pitboss.dev", "--all-namespaces"),
            List.of("list", "tournaments.pitboss.dev", "--all-namespaces"),
            List.of("watch", "tournaments.pitboss.dev", "--all-namespaces"),
            // fabric8's patch of the status gets the Tournament first
            List.of("get", "tournaments.pitboss.dev", "-n", "poker"),
            List.of("patch", "tournaments.pitboss.dev", "--subresource=status", "-n", "poker"));
    var refused =
        List.of(
            List.of("patch", "tournaments.pitboss.dev", "-n", "poker"),
            List.of("update", "tournaments.pitboss.dev", "--subresource=status", "-n", "poker"),
            List.of("patch", "tables.pitboss.dev", "--subresource=status", "-n", "poker"),
            List.of("create", "tournaments.pitboss.dev", "-n", "poker"),
            List.of("delete", "tables.pitboss.dev", "-n", "poker"),
            List.of("get", "tables.pitboss.dev", "-n", "poker"),
            List.of("list", "gameservers.agones.dev", "--all-namespaces"),
            List.of("get", "secrets", "-n", "pitboss"),
            List.of("list", "pods", "-n", "pitboss"));
    assertRights("pitboss-matchmaker", allowed, refused);

    // The matchmaker's own Kubernetes code, Catalog, as that ServiceAccount: its informers sync
    // and see a Table and a Tournament in another namespace, it reports entrants and players left,
    // and a write it has no right to is refused by the API server.
    var admin =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
            .build();
    var config =
        new ConfigBuilder(Config.fromKubeconfig(server.getKubeConfigYaml()))
            .withImpersonateUsername("system:serviceaccount:pitboss:pitboss-matchmaker")
            .withImpersonateGroups(
                "system:serviceaccounts", "system:serviceaccounts:pitboss", "system:authenticated")
            .build();
    try (admin;
        var asMatchmaker = new KubernetesClientBuilder().withConfig(config).build();
        var catalog = new Catalog(asMatchmaker)) {
      admin
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName("poker").endMetadata().build())
          .serverSideApply();
      var table = example("cash-table.yaml", Table.class);
      var tournament = example("sit-and-go.yaml", Tournament.class);
      admin.resource(table).serverSideApply();
      admin.resource(tournament).serverSideApply();
      var tableName = table.getMetadata().getName();
      var tournamentName = tournament.getMetadata().getName();
      var deadline = System.nanoTime() + 30_000_000_000L;
      while (!(catalog.synced()
              && catalog.table("poker", tableName).isPresent()
              && catalog.tournament("poker", tournamentName).isPresent())
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(catalog.synced()).as("informers synced").isTrue();
      assertThat(catalog.table("poker", tableName)).isPresent();
      assertThat(catalog.tournament("poker", tournamentName)).isPresent();

      catalog.reportPlayers("poker", tournamentName, 7, 5);
      var status =
          admin
              .resources(Tournament.class)
              .inNamespace("poker")
              .withName(tournamentName)
              .get()
              .getStatus();
      assertThat(status.entrants()).isEqualTo(7);
      assertThat(status.playersLeft()).isEqualTo(5);

      assertThatThrownBy(
              () ->
                  asMatchmaker
                      .resources(Table.class)
                      .inNamespace("poker")
                      .withName(tableName)
                      .delete())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  /**
   * The matchmaker's main started with the environment the chart renders gets past configuration:
   * it serves, is alive, publishes the chart-generated ticket key at its JWKS path, and is not
   * ready only because Redis ({@code redis:6379}, no such host here) does not answer. What differs
   * from the pod, and only where a pod's files live: the Secrets' files are written to a temporary
   * folder (the chart's own {@code jwks.json}, a matchmaker certificate from the test bed's CA),
   * the HTTP port is a free one, and {@code PITBOSS_MATCHMAKER_KUBECONFIG} names the test bed's API
   * server where a pod has its ServiceAccount token.
   */
  @Test
  void theMatchmakerStartsWithTheChartsEnvironment() throws Exception {
    var rendered = Helm.template(AGONES_API_VERSIONS).ok().out();
    runTheChartsMatchmaker(
        rendered,
        Map.of(),
        (http, base, log, jwks) -> {
          var keys = get(http, base.resolve("/.well-known/jwks.json"));
          assertThat(keys.statusCode()).isEqualTo(200);
          @SuppressWarnings("unchecked")
          var published =
              (List<Map<String, String>>)
                  Serialization.unmarshal(keys.body(), Map.class).get("keys");
          @SuppressWarnings("unchecked")
          var generated =
              ((List<Map<String, String>>) Serialization.unmarshal(jwks, Map.class).get("keys"))
                  .getFirst();
          assertThat(published).hasSize(1);
          assertThat(published.getFirst())
              .containsEntry("kid", generated.get("kid"))
              .containsEntry("x", generated.get("x"))
              .doesNotContainKey("d");
          var readiness = get(http, base.resolve("/health/readiness"));
          assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
          assertThat(Files.readString(log))
              .doesNotContain("set pitboss.matchmaker")
              .doesNotContain("Failed to inject value");
        });
  }

  /**
   * With {@code redis.existingSecret}, {@code redis.username}, a {@code rediss://} URL and {@code
   * redis.tls} (CA and client certificate), the matchmaker started with the chart's environment and
   * those Secrets' files becomes ready on a real {@code redis-server} that speaks only TLS, wants a
   * client certificate from the test's CA and knows the matchmaker only as an ACL user: the chart
   * passes everything the connection needs, and the password shows nowhere in the log.
   */
  @Test
  void theMatchmakerIsReadyOnARedisWithAPasswordAndTlsFromTheChartsSecrets() throws Exception {
    var dir = Files.createTempDirectory("pitboss-helm-redis");
    var ca = CertificateAuthority.create(dir.resolve("ca"), "redis CA", Clock.systemUTC());
    var password = "helm-Pa55-" + System.nanoTime();
    try (var redis =
        RedisServer.startTls(
            ca.issue("redis", null, "127.0.0.1"),
            true,
            "--user",
            "pitboss",
            "on",
            ">" + password,
            "~*",
            "&*",
            "+@all")) {
      var client = ca.issue("redis-client", null);
      var args = new ArrayList<>(AGONES_API_VERSIONS);
      for (var value :
          List.of(
              "redis.url=rediss://127.0.0.1:" + redis.port(),
              "redis.port=" + redis.port(),
              "redis.username=pitboss",
              "redis.existingSecret=pitboss-redis",
              "redis.tls.existingSecret=pitboss-redis-tls",
              "redis.tls.clientCertificate=true")) {
        args.addAll(List.of("--set", value));
      }
      var rendered = Helm.template(args).ok().out();
      var files =
          Map.of(
              "/etc/pitboss/redis-auth/password",
              Files.writeString(dir.resolve("password"), password + "\n"),
              "/etc/pitboss/redis-tls/ca.crt",
              ca.trustRoots(),
              "/etc/pitboss/redis-tls/tls.crt",
              client.certificateChain(),
              "/etc/pitboss/redis-tls/tls.key",
              client.privateKey());
      runTheChartsMatchmaker(
          rendered,
          files,
          (http, base, log, jwks) -> {
            var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            var readiness = get(http, base.resolve("/health/readiness"));
            while (readiness.statusCode() != 200 && System.nanoTime() < deadline) {
              Thread.sleep(250);
              readiness = get(http, base.resolve("/health/readiness"));
            }
            assertThat(readiness.statusCode())
                .as("%s, log:%n%s", readiness.body(), Files.readString(log))
                .isEqualTo(200);
            assertThat(Files.readString(log))
                .contains(
                    "Redis at rediss://127.0.0.1:"
                        + redis.port()
                        + " (user pitboss, password set, TLS with a client certificate)")
                .doesNotContain(password);
          });
    } finally {
      deleteTree(dir);
    }
  }

  /** What a test checks of the running matchmaker: its base URL, its log, the chart's JWK set. */
  interface MatchmakerCheck {
    void check(HttpClient http, URI base, Path log, String jwks) throws Exception;
  }

  /**
   * Runs {@code MatchmakerApplication} in a child JVM with the environment of {@code rendered}'s
   * matchmaker Deployment, once it is alive: every {@code /etc/pitboss/} path the environment names
   * is a file here (the ticket key Secret's {@code jwks.json}, a matchmaker certificate from a test
   * CA, and {@code files}), the HTTP port is a free one, and the kubeconfig is the test bed's.
   */
  private static void runTheChartsMatchmaker(
      String rendered, Map<String, Path> files, MatchmakerCheck check) throws Exception {
    var pod = ChartIT.deployment(rendered, "pitboss-matchmaker").getSpec().getTemplate().getSpec();
    var secret =
        Manifests.documents(rendered).stream()
            .filter(d -> Manifests.kind(d).equals("Secret"))
            .map(d -> Serialization.unmarshal(d, Secret.class))
            .filter(x -> x.getMetadata().getName().equals("pitboss-ticket-signing"))
            .findFirst()
            .orElseThrow();
    var jwks = new String(Base64.getDecoder().decode(secret.getData().get("jwks.json")), UTF_8);
    var dir = Files.createTempDirectory("pitboss-matchmaker-files");
    var paths = new HashMap<>(files);
    var ca = CertificateAuthority.create(dir.resolve("ca"), "helm-it", Clock.systemUTC());
    var tls = ca.issue("matchmaker", "spiffe://pitboss.dev/matchmaker");
    paths.put("/etc/pitboss/tls/tls.crt", tls.certificateChain());
    paths.put("/etc/pitboss/tls/tls.key", tls.privateKey());
    paths.put("/etc/pitboss/tls/ca.crt", tls.trustRoots());
    paths.put("/etc/pitboss/ticket/jwks.json", Files.writeString(dir.resolve("jwks.json"), jwks));

    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var env = new ArrayList<String>();
    for (var variable : pod.getContainers().getFirst().getEnv()) {
      var value = variable.getValue();
      if (paths.containsKey(value)) {
        value = paths.get(value).toString();
      } else if (variable.getName().equals("MICRONAUT_SERVER_PORT")) {
        value = Integer.toString(port);
      }
      assertThat(value).as(variable.getName()).doesNotStartWith("/etc/pitboss/");
      env.add(variable.getName() + "=" + value);
    }
    env.add("PITBOSS_MATCHMAKER_KUBECONFIG=" + kubeconfig);
    var log = dir.resolve("matchmaker.log");
    var command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "dev.pitboss.matchmaker.MatchmakerApplication");
    var builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("PITBOSS_") || k.startsWith("MICRONAUT_"));
    for (var pair : env) {
      var i = pair.indexOf('=');
      builder.environment().put(pair.substring(0, i), pair.substring(i + 1));
    }
    var process = builder.start();
    try (var http = HttpClient.newHttpClient()) {
      var base = URI.create("http://127.0.0.1:" + port);
      var deadline = System.nanoTime() + 120_000_000_000L;
      int liveness = 0;
      while (process.isAlive() && System.nanoTime() < deadline) {
        try {
          liveness = get(http, base.resolve("/health/liveness")).statusCode();
          break;
        } catch (IOException notYet) {
          Thread.sleep(250);
        }
      }
      assertThat(liveness)
          .as("alive, log:\n%s", Files.exists(log) ? Files.readString(log) : "")
          .isEqualTo(200);
      check.check(http, base, log, jwks);
    } finally {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (var path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /**
   * {@code lookup} against the API server ({@code helm template --dry-run=server}, what {@code helm
   * upgrade} renders with): the ticket key Secret already in the release namespace is kept as it
   * is, a key added for rotation included; one holding an older chart's {@code private.pem} becomes
   * the JWK set of that same key. The Agones check runs against the installed Agones CRDs here.
   */
  @Test
  void anUpgradeKeepsTheTicketKeyInTheCluster() throws Exception {
    var dir = Files.createTempDirectory("pitboss-ticket-key");
    try {
      var first = Helm.run(List.of(ROOT.resolve("helm/bin/ticket-jwks").toString()), List.of());
      var second = Helm.run(List.of(ROOT.resolve("helm/bin/ticket-jwks").toString()), List.of());
      @SuppressWarnings("unchecked")
      var rotation =
          ((List<Object>) Serialization.unmarshal(first.ok().out(), Map.class).get("keys"))
              .getFirst();
      @SuppressWarnings("unchecked")
      var next =
          ((List<Object>) Serialization.unmarshal(second.ok().out(), Map.class).get("keys"))
              .getFirst();
      var kept = Serialization.asJson(Map.of("keys", List.of(rotation, next)));
      var jwks = Files.writeString(dir.resolve("jwks.json"), kept);
      kubectl(
              "-n",
              "pitboss",
              "create",
              "secret",
              "generic",
              "pitboss-ticket-signing",
              "--from-file=jwks.json=" + jwks)
          .ok();
      assertThat(renderedTicketKey()).isEqualTo(kept);

      kubectl("-n", "pitboss", "delete", "secret", "pitboss-ticket-signing").ok();
      var pem = dir.resolve("private.pem");
      Helm.run(
              List.of(
                  "openssl",
                  "ecparam",
                  "-name",
                  "prime256v1",
                  "-genkey",
                  "-noout",
                  "-out",
                  pem.toString()),
              List.of())
          .ok();
      var publicDer = dir.resolve("public.der");
      Helm.run(
              List.of(
                  "openssl",
                  "ec",
                  "-in",
                  pem.toString(),
                  "-pubout",
                  "-outform",
                  "DER",
                  "-out",
                  publicDer.toString()),
              List.of())
          .ok();
      kubectl(
              "-n",
              "pitboss",
              "create",
              "secret",
              "generic",
              "pitboss-ticket-signing",
              "--from-file=private.pem=" + pem)
          .ok();
      var converted = renderedTicketKey();
      ChartIT.assertSigningKey(converted);
      var publicKey =
          (ECPublicKey)
              KeyFactory.getInstance("EC")
                  .generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicDer)));
      @SuppressWarnings("unchecked")
      var key =
          ((List<Map<String, String>>) Serialization.unmarshal(converted, Map.class).get("keys"))
              .getFirst();
      var url = Base64.getUrlDecoder();
      assertThat(new BigInteger(1, url.decode(key.get("x"))))
          .isEqualTo(publicKey.getW().getAffineX());
      assertThat(new BigInteger(1, url.decode(key.get("y"))))
          .isEqualTo(publicKey.getW().getAffineY());
    } finally {
      kubectl("-n", "pitboss", "delete", "secret", "pitboss-ticket-signing", "--ignore-not-found");
      try (var walk = Files.walk(dir)) {
        for (var path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }

  /** The ticket key Secret's {@code jwks.json} as the chart renders it with lookup on. */
  private static String renderedTicketKey() {
    var args =
        new ArrayList<>(
            List.of(
                "--dry-run=server",
                "--kubeconfig",
                kubeconfig.toString(),
                "--show-only",
                "templates/ticket-signing.yaml"));
    args.addAll(AGONES_API_VERSIONS);
    var secret = Serialization.unmarshal(Helm.template(args).ok().out(), Secret.class);
    return new String(Base64.getDecoder().decode(secret.getData().get("jwks.json")), UTF_8);
  }

  private static HttpResponse<String> get(HttpClient http, URI uri)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** An example from {@code manifests/examples}, in namespace {@code poker}. */
  private static <T extends HasMetadata> T example(String file, Class<T> type) throws IOException {
    var resource =
        Serialization.unmarshal(
            Files.readString(ROOT.resolve("manifests/examples").resolve(file)), type);
    resource.getMetadata().setNamespace("poker");
    return resource;
  }

  /** The chart's ServiceAccount, roles and bindings named {@code name}, created for real. */
  private static void applyRbacOf(String name) throws IOException {
    var rbacKinds =
        Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
    var rbac =
        Manifests.documents(Helm.template(AGONES_API_VERSIONS).ok().out()).stream()
            .filter(d -> rbacKinds.contains(Manifests.kind(d)))
            .filter(d -> d.contains("name: " + name))
            .toList();
    assertThat(rbac).extracting(Manifests::kind).contains("ServiceAccount", "ClusterRoleBinding");
    var file = Files.createTempFile("pitboss-rbac", ".yaml");
    try {
      Files.writeString(file, Manifests.join(rbac));
      kubectl("apply", "-f", file.toString()).ok();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void assertRights(
      String serviceAccount, List<List<String>> allowed, List<List<String>> refused)
      throws InterruptedException {
    // The authoriser learns new bindings through its informers: wait for the first yes.
    for (var check : allowed) {
      var deadline = System.nanoTime() + 20_000_000_000L;
      var answer = canI(serviceAccount, check);
      while (!answer.equals("yes") && System.nanoTime() < deadline) {
        Thread.sleep(200);
        answer = canI(serviceAccount, check);
      }
      assertThat(answer).as("%s may %s", serviceAccount, check).isEqualTo("yes");
    }
    for (var check : refused) {
      assertThat(canI(serviceAccount, check))
          .as("%s may not %s", serviceAccount, check)
          .isEqualTo("no");
    }
  }

  private static String canI(String serviceAccount, List<String> check) {
    var args = new ArrayList<>(List.of("auth", "can-i"));
    args.addAll(check);
    args.add("--as=system:serviceaccount:pitboss:" + serviceAccount);
    var result = kubectl(args.toArray(String[]::new));
    assertThat(result.err()).as("kubectl auth can-i %s", check).doesNotContain("error");
    return result.out().strip();
  }

  /**
   * The namespace's restricted level is live: a root pod is refused, so the zero above means
   * something.
   */
  @Test
  void theNamespaceRefusesAPodThatIsNotRestricted() throws Exception {
    var pod =
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: root, namespace: pitboss}
        spec:
          containers: [{name: c, image: busybox}]
        """;
    var result = applyDryRun(pod);
    assertThat(result.exit()).isNotZero();
    assertThat(result.err()).contains("violates PodSecurity \"restricted:latest\"");
  }

  private static Helm.Result applyDryRun(String yaml) throws IOException {
    var file = Files.createTempFile("pitboss-rendered", ".yaml");
    try {
      Files.writeString(file, yaml);
      return kubectl("apply", "--dry-run=server", "-f", file.toString());
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static Helm.Result kubectl(String... args) {
    var command = new ArrayList<String>();
    command.add(TestBed.kubectl());
    command.add("--kubeconfig=" + kubeconfig);
    command.addAll(List.of(args));
    return Helm.run(command, List.of());
  }

  /**
   * {@code shared/agones/v1.60.0/crds.yaml} beside the repository or, in a worktree, beside the
   * main checkout.
   */
  private static Path agonesCrds() throws IOException {
    var relative = Path.of("shared", "agones", "v1.60.0", "crds.yaml");
    var candidates = new ArrayList<Path>();
    candidates.add(ROOT.resolveSibling(relative));
    var dotGit = ROOT.resolve(".git");
    if (Files.isRegularFile(dotGit)) {
      var line = Files.readString(dotGit).strip();
      if (line.startsWith("gitdir:")) {
        var main = Path.of(line.substring(7).strip()).getParent().getParent().getParent();
        candidates.add(main.resolveSibling(relative));
      }
    }
    return candidates.stream()
        .filter(Files::isRegularFile)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Agones' CRDs are not at " + candidates + ": clone with shared/ beside it"));
  }
}
