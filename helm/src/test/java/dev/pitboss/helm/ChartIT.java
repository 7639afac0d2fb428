package dev.pitboss.helm;

import static dev.pitboss.helm.Helm.AGONES_API_VERSIONS;
import static dev.pitboss.helm.Helm.CHART;
import static dev.pitboss.helm.Helm.ROOT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pitboss.testbed.TestBed;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart as helm sees it, without a cluster: lint, template over the default and the realistic
 * values files in {@code ci/}, the schema's refusals with their messages, the rules between values,
 * the Agones check, the CRDs being ours and the plain manifests being the chart's.
 */
class ChartIT {

  static Stream<String> valuesFiles() throws Exception {
    var files = new ArrayList<String>();
    files.add("");
    try (var list = Files.list(CHART.resolve("ci"))) {
      list.map(p -> "ci/" + p.getFileName()).sorted().forEach(files::add);
    }
    return files.stream();
  }

  static List<String> withValues(String file, String... more) {
    var args = new ArrayList<String>();
    if (!file.isEmpty()) {
      args.addAll(List.of("--values", CHART.resolve(file).toString()));
    }
    args.addAll(List.of(more));
    return args;
  }

  @ParameterizedTest(name = "lint {0}")
  @MethodSource("valuesFiles")
  void lintsCleanStrictly(String file) {
    var args =
        new ArrayList<>(List.of("lint", "--strict", CHART.toString(), "--namespace", "pitboss"));
    // helm lint has no --api-versions: the Agones check is ChartIT's own test below.
    args.addAll(Helm.PLAYER_TOKENS);
    args.addAll(withValues(file, "--set", "agones.check=false"));
    var result = Helm.helm(args.toArray(String[]::new)).ok();
    assertThat(result.out()).contains("1 chart(s) linted, 0 chart(s) failed");
  }

  @ParameterizedTest(name = "template {0}")
  @MethodSource("valuesFiles")
  void rendersEveryComponentRestricted(String file) {
    var args = withValues(file);
    args.addAll(AGONES_API_VERSIONS);
    var out = Helm.template(args).ok().out();
    var docs = Manifests.documents(out);
    assertThat(docs).isNotEmpty();
    for (var doc : docs) {
      if (doc.contains("\nkind: Deployment\n") || doc.contains("\nkind: Job\n")) {
        assertThat(doc)
            .as("restricted pod in\n%s", doc)
            .contains("runAsNonRoot: true")
            .contains("readOnlyRootFilesystem: true")
            .contains("allowPrivilegeEscalation: false")
            .contains("drop: [ALL]")
            .contains("type: RuntimeDefault")
            .contains("limits:")
            .contains("-XX:MaxRAMPercentage=");
      }
    }
    assertThat(out).contains("kind: ConfigMap").contains("pod-template.yaml: |");
  }

  static Stream<List<String>> badValues() {
    return Stream.of(
        List.of(
            "wallet.database.type=mysql",
            "at '/wallet/database/type': value must be one of 'cockroachdb', 'postgresql'"),
        List.of("operator.replicas=0", "at '/operator/replicas': minimum: got 0, want 1"),
        List.of(
            "certificates.mode=selfSigned",
            "at '/certificates/mode': value must be one of 'generate', 'certManager', 'existing'"),
        List.of(
            "wallet.database.existingSecret=",
            "at '/wallet/database/existingSecret': minLength: got 0, want 1"),
        List.of(
            "redis.url=http://redis:6379", "at '/redis/url': 'http://redis:6379' does not match"),
        List.of(
            "operator.resources.limits.memory=lots",
            "at '/operator/resources/limits/memory': 'lots' does not match pattern"),
        List.of(
            "image.registry=registry.example.com",
            "at '/image/registry': 'registry.example.com' does not match pattern"),
        List.of("walet.replicas=2", "additional properties 'walet' not allowed"),
        List.of("gameServer.extraEnv.bad-name=x", "invalid propertyName 'bad-name'"),
        List.of(
            "matchmaker.autoscaling.minReplicas=20",
            "matchmaker.autoscaling.minReplicas (20) must not exceed maxReplicas (10)"),
        List.of(
            "gameServer.terminationGracePeriodSeconds=60",
            "gameServer.terminationGracePeriodSeconds (60) must exceed drainTimeoutSeconds (120)"),
        List.of(
            "matchmaker.auth.issuer=", "at '/matchmaker/auth/issuer': minLength: got 0, want 1"),
        List.of(
            "matchmaker.auth.jwksUrl=login.example.com/jwks",
            "at '/matchmaker/auth/jwksUrl': 'login.example.com/jwks' does not match pattern"),
        List.of(
            "redis.url=redis://pitboss:Pa55@redis:6379",
            "redis.url must not carry credentials (it is not repeated here)"),
        List.of(
            "redis.tls.existingSecret=redis-ca",
            "redis.tls.existingSecret (redis-ca) needs TLS: make redis.url rediss://"),
        List.of(
            "redis.tls.clientCertificate=true",
            "redis.tls.clientCertificate takes tls.crt and tls.key from redis.tls.existingSecret"),
        List.of("redis.passwordKey=", "at '/redis/passwordKey': minLength: got 0, want 1"),
        List.of(
            "redis.url=redis://redis:6379/2",
            "redis.url must not name a database (/2): the matchmaker and the game servers share"),
        List.of(
            "redis.url=redis://redis:6380",
            "redis.url's port (6380) and redis.port (6379) must agree"));
  }

  /**
   * The player-token issuer is the installer's login service: no default, and an install without it
   * is refused by the schema, naming the missing values; with the matchmaker off it is not asked
   * for.
   */
  @Test
  void refusesAnInstallWithoutThePlayerTokenIssuer() {
    var result = Helm.templateExactly(AGONES_API_VERSIONS);
    assertThat(result.exit()).as(result.out()).isNotZero();
    assertThat(result.err())
        .contains("values don't meet the specifications of the schema")
        .contains("at '/matchmaker/auth': missing properties 'issuer', 'jwksUrl'");
    var args = new ArrayList<>(AGONES_API_VERSIONS);
    args.addAll(List.of("--set", "matchmaker.enabled=false"));
    Helm.templateExactly(args).ok();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void refusesBadValuesWithAClearMessage(List<String> bad) {
    var args = new ArrayList<>(AGONES_API_VERSIONS);
    args.addAll(List.of("--set", bad.get(0)));
    var result = Helm.template(args);
    assertThat(result.exit()).as(result.out()).isNotZero();
    assertThat(result.err()).contains(bad.get(1));
  }

  @Test
  void refusesToInstallWithoutAgones() {
    var result = Helm.template(List.of());
    assertThat(result.exit()).isNotZero();
    assertThat(result.err())
        .contains("Agones is required and the cluster does not serve agones.dev/v1/Fleet")
        .contains(">=1.54.0-0 <2.0.0-0");
  }

  /**
   * The chart's RBAC grants exactly the rules of operator/src/main/kubernetes/rbac.yaml, the file
   * the operator's RbacIT runs the operator with under RBAC authorisation, so that proof holds for
   * the chart's ServiceAccount.
   */
  @Test
  void theOperatorsRulesAreTheOnesRbacItProves() throws Exception {
    var rendered =
        Manifests.documents(Helm.template(AGONES_API_VERSIONS).ok().out()).stream()
            .filter(d -> d.contains("name: pitboss-operator"))
            .toList();
    var proven =
        Manifests.documents(
            Files.readString(ROOT.resolve("operator/src/main/kubernetes/rbac.yaml")));
    for (var kind : List.of("ClusterRole", "Role")) {
      assertThat(rules(rendered, kind)).as(kind).isEqualTo(rules(proven, kind)).isNotEmpty();
    }
  }

  private static List<PolicyRule> rules(List<String> docs, String kind) {
    return docs.stream()
        .filter(d -> Manifests.kind(d).equals(kind))
        .flatMap(
            d ->
                (kind.equals("Role")
                        ? Serialization.unmarshal(d, Role.class).getRules()
                        : Serialization.unmarshal(d, ClusterRole.class).getRules())
                    .stream())
        .toList();
  }

  /**
   * The matchmaker's properties as {@code MatchmakerApplication} reads them, the one place they are
   * named: {@code ${pitboss.matchmaker.<name>[:default]}}.
   */
  private static final Pattern MATCHMAKER_PROPERTY =
      Pattern.compile("\\$\\{(pitboss\\.matchmaker\\.[a-z0-9.-]+)(?::([^}]*))?}");

  /** Read with an empty default and still optional in a cluster. */
  private static final Set<String> OPTIONAL_IN_A_CLUSTER =
      Set.of(
          // unset: the in-cluster configuration (ServiceAccount token), what the chart wants
          "pitboss.matchmaker.kubeconfig",
          // unset: tokens for any audience of the issuer
          "pitboss.matchmaker.auth.audience",
          // unset: Redis's default user, no password, the JVM's CAs, no client certificate
          "pitboss.matchmaker.redis-username",
          "pitboss.matchmaker.redis-password",
          "pitboss.matchmaker.redis-password-file",
          "pitboss.matchmaker.redis-trust-roots",
          "pitboss.matchmaker.redis-cert-chain",
          "pitboss.matchmaker.redis-private-key");

  /**
   * With a default that is wrong in a cluster: Redis on 127.0.0.1, and a ticket issuer the game
   * servers must be told too.
   */
  private static final Set<String> DEFAULT_WRONG_IN_A_CLUSTER =
      Set.of(
          "pitboss.matchmaker.redis-host",
          "pitboss.matchmaker.redis-port",
          "pitboss.matchmaker.ticket.issuer");

  /**
   * Micronaut's environment variable for a property: upper case, dots and dashes as underscores.
   */
  private static String envName(String property) {
    return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  static Deployment deployment(String rendered, String name) {
    return Manifests.documents(rendered).stream()
        .filter(d -> Manifests.kind(d).equals("Deployment"))
        .map(d -> Serialization.unmarshal(d, Deployment.class))
        .filter(d -> d.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment " + name));
  }

  private static Map<String, String> env(Container container) {
    var env = new TreeMap<String, String>();
    for (var variable : container.getEnv()) {
      env.put(variable.getName(), variable.getValue());
    }
    return env;
  }

  /**
   * The matchmaker's Deployment sets every property {@code MatchmakerApplication} requires at start
   * (read without a default, or with an empty one it then refuses) and every one whose default only
   * fits a developer's machine, under the environment name Micronaut maps to it; every {@code
   * PITBOSS_MATCHMAKER_*} variable it sets is one the application reads (a misspelt name would be
   * silently ignored); the files it names are on mounted volumes; and it probes the module's health
   * paths. Over the default and each realistic values file that keeps the matchmaker.
   */
  @ParameterizedTest(name = "matchmaker environment {0}")
  @MethodSource("valuesFiles")
  void theMatchmakersEnvironmentCoversEveryPropertyItRequires(String file) throws Exception {
    var source =
        Files.readString(
            ROOT.resolve(
                "matchmaker/src/main/java/dev/pitboss/matchmaker/MatchmakerApplication.java"));
    var read = new TreeMap<String, String>();
    var m = MATCHMAKER_PROPERTY.matcher(source);
    while (m.find()) {
      read.put(m.group(1), m.group(2) == null ? "" : m.group(2));
    }
    assertThat(read)
        .containsKeys("pitboss.matchmaker.wallet-target", "pitboss.matchmaker.ticket.key-file");
    var required = new TreeSet<String>(DEFAULT_WRONG_IN_A_CLUSTER);
    read.forEach(
        (property, fallback) -> {
          if (fallback.isEmpty() && !OPTIONAL_IN_A_CLUSTER.contains(property)) {
            required.add(property);
          }
        });
    assertThat(required).hasSizeGreaterThanOrEqualTo(10);

    var args = withValues(file);
    args.addAll(AGONES_API_VERSIONS);
    var rendered = Helm.template(args).ok().out();
    assumeTrue(
        rendered.contains("name: pitboss-matchmaker\n"), file + " leaves the matchmaker out");
    var pod = deployment(rendered, "pitboss-matchmaker").getSpec().getTemplate().getSpec();
    var container = pod.getContainers().getFirst();
    var env = env(container);
    for (var property : required) {
      assertThat(env.get(envName(property)))
          .as("%s (%s) in the matchmaker's environment", envName(property), property)
          .isNotBlank();
    }
    var known = read.keySet().stream().map(ChartIT::envName).collect(Collectors.toSet());
    assertThat(env.keySet().stream().filter(n -> n.startsWith("PITBOSS_MATCHMAKER_")))
        .as("variables the matchmaker reads")
        .allMatch(known::contains);
    assertThat(env).doesNotContainKey("PITBOSS_MATCHMAKER_AUTH_DEVELOPMENT_ISSUER");

    var mounts =
        container.getVolumeMounts().stream()
            .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
    var volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
    assertThat(env)
        .containsKeys(
            "PITBOSS_MATCHMAKER_WALLET_CERT_CHAIN",
            "PITBOSS_MATCHMAKER_WALLET_PRIVATE_KEY",
            "PITBOSS_MATCHMAKER_WALLET_TRUST_ROOTS",
            "PITBOSS_MATCHMAKER_TICKET_KEY_FILE");
    assertFilesFromSecrets(env, container.getVolumeMounts(), pod.getVolumes());
    assertThat(volumes.get(mounts.get("/etc/pitboss/tls")).getSecret().getSecretName())
        .endsWith("-matchmaker");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/liveness");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/readiness");
    // The ServiceAccount's token is what the informers authenticate with.
    assertThat(pod.getAutomountServiceAccountToken()).isNotEqualTo(Boolean.FALSE);
    assertThat(pod.getServiceAccountName()).isEqualTo("pitboss-matchmaker");
  }

  /**
   * Every file the environment names ({@code /etc/pitboss/…}) is an item of a Secret mounted at its
   * folder, so the component finds it where the variable says.
   */
  static void assertFilesFromSecrets(
      Map<String, String> env, List<VolumeMount> volumeMounts, List<Volume> podVolumes) {
    var mounts =
        volumeMounts.stream()
            .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
    var volumes = podVolumes.stream().collect(Collectors.toMap(Volume::getName, v -> v));
    env.forEach(
        (variable, value) -> {
          if (value == null || !value.startsWith("/etc/pitboss/")) {
            return;
          }
          var path = Path.of(value);
          var volume = volumes.get(mounts.get(path.getParent().toString()));
          assertThat(volume).as("the volume holding %s (%s)", variable, path).isNotNull();
          var secret = volume.getSecret();
          assertThat(secret).as("%s comes from a Secret", variable).isNotNull();
          if (secret.getItems() != null && !secret.getItems().isEmpty()) {
            assertThat(secret.getItems())
                .as("%s is projected", path.getFileName())
                .anyMatch(i -> i.getPath().equals(path.getFileName().toString()));
          }
        });
  }

  /**
   * With a password Secret, an ACL user, a {@code rediss://} URL and a TLS Secret with a client
   * certificate, the matchmaker and the game servers get the same Redis settings, each under its
   * own variables, the password and certificates as files of the Secrets named in the values
   * (projected under fixed names, the password from {@code redis.passwordKey}), the password never
   * in an environment variable; without them neither gets any of it.
   */
  @Test
  void redisCredentialsAndTlsReachBothComponentsAsMountedFiles() throws Exception {
    var args = new ArrayList<>(AGONES_API_VERSIONS);
    for (var value :
        List.of(
            "redis.url=rediss://redis.data.svc:6380",
            "redis.port=6380",
            "redis.username=pitboss",
            "redis.existingSecret=pitboss-redis",
            "redis.passwordKey=redis-password",
            "redis.tls.existingSecret=pitboss-redis-tls",
            "redis.tls.clientCertificate=true")) {
      args.addAll(List.of("--set", value));
    }
    var rendered = Helm.template(args).ok().out();
    var matchmakerPod =
        deployment(rendered, "pitboss-matchmaker").getSpec().getTemplate().getSpec();
    var matchmaker = matchmakerPod.getContainers().getFirst();
    assertThat(env(matchmaker))
        .containsEntry("PITBOSS_MATCHMAKER_REDIS_HOST", "redis.data.svc")
        .containsEntry("PITBOSS_MATCHMAKER_REDIS_PORT", "6380")
        .containsEntry("PITBOSS_MATCHMAKER_REDIS_TLS", "true")
        .containsEntry("PITBOSS_MATCHMAKER_REDIS_USERNAME", "pitboss")
        .containsEntry("PITBOSS_MATCHMAKER_REDIS_PASSWORD_FILE", "/etc/pitboss/redis-auth/password")
        .containsEntry("PITBOSS_MATCHMAKER_REDIS_TRUST_ROOTS", "/etc/pitboss/redis-tls/ca.crt")
        .containsEntry("PITBOSS_MATCHMAKER_REDIS_CERT_CHAIN", "/etc/pitboss/redis-tls/tls.crt")
        .containsEntry("PITBOSS_MATCHMAKER_REDIS_PRIVATE_KEY", "/etc/pitboss/redis-tls/tls.key")
        .doesNotContainKey("PITBOSS_MATCHMAKER_REDIS_PASSWORD");
    assertFilesFromSecrets(
        env(matchmaker), matchmaker.getVolumeMounts(), matchmakerPod.getVolumes());

    var template =
        Manifests.documents(rendered).stream()
            .filter(d -> Manifests.kind(d).equals("ConfigMap"))
            .map(d -> Serialization.unmarshal(d, ConfigMap.class))
            .filter(c -> c.getData() != null && c.getData().containsKey("pod-template.yaml"))
            .findFirst()
            .orElseThrow();
    var gameServerPod =
        Serialization.unmarshal(template.getData().get("pod-template.yaml"), PodTemplateSpec.class)
            .getSpec();
    var gameServer = gameServerPod.getContainers().getFirst();
    assertThat(env(gameServer))
        .containsEntry("PITBOSS_REDIS_URL", "rediss://redis.data.svc:6380")
        .containsEntry("PITBOSS_REDIS_USERNAME", "pitboss")
        .containsEntry("PITBOSS_REDIS_PASSWORD_FILE", "/etc/pitboss/redis-auth/password")
        .containsEntry("PITBOSS_REDIS_CA", "/etc/pitboss/redis-tls/ca.crt")
        .containsEntry("PITBOSS_REDIS_CERT", "/etc/pitboss/redis-tls/tls.crt")
        .containsEntry("PITBOSS_REDIS_KEY", "/etc/pitboss/redis-tls/tls.key")
        .doesNotContainKey("PITBOSS_REDIS_PASSWORD");
    assertFilesFromSecrets(
        env(gameServer), gameServer.getVolumeMounts(), gameServerPod.getVolumes());

    for (var pod : List.of(matchmakerPod, gameServerPod)) {
      var volumes = pod.getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
      assertThat(volumes.get("redis-auth").getSecret().getSecretName()).isEqualTo("pitboss-redis");
      assertThat(volumes.get("redis-auth").getSecret().getItems())
          .singleElement()
          .satisfies(
              i -> {
                assertThat(i.getKey()).isEqualTo("redis-password");
                assertThat(i.getPath()).isEqualTo("password");
              });
      assertThat(volumes.get("redis-tls").getSecret().getSecretName())
          .isEqualTo("pitboss-redis-tls");
      for (var container : pod.getContainers()) {
        assertThat(container.getEnv())
            .noneMatch(v -> v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null);
      }
    }

    var plain = Helm.template(AGONES_API_VERSIONS).ok().out();
    assertThat(plain)
        .doesNotContain("PITBOSS_REDIS_PASSWORD")
        .doesNotContain("PITBOSS_MATCHMAKER_REDIS_PASSWORD")
        .doesNotContain("PITBOSS_MATCHMAKER_REDIS_TLS")
        .doesNotContain("redis-auth")
        .doesNotContain("redis-tls");
  }

  /**
   * The game servers check tickets against the matchmaker's own issuer and JWKS: same {@code iss},
   * the JWKS URL on the matchmaker's Service and port, and the NetworkPolicies let game servers
   * reach the matchmaker's pods on that port.
   */
  @Test
  void gameServersTrustTheMatchmakersTickets() throws Exception {
    var rendered = Helm.template(AGONES_API_VERSIONS).ok().out();
    var docs = Manifests.documents(rendered);
    var matchmaker =
        env(
            deployment(rendered, "pitboss-matchmaker")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .getFirst());
    var template =
        docs.stream()
            .filter(d -> Manifests.kind(d).equals("ConfigMap"))
            .map(d -> Serialization.unmarshal(d, ConfigMap.class))
            .filter(c -> c.getMetadata().getName().equals("pitboss-gameserver-template"))
            .findFirst()
            .orElseThrow();
    var podTemplate =
        Serialization.unmarshal(template.getData().get("pod-template.yaml"), PodTemplateSpec.class);
    var gameServer = env(podTemplate.getSpec().getContainers().getFirst());
    assertThat(gameServer.get("PITBOSS_TICKET_ISSUER"))
        .isEqualTo(matchmaker.get("PITBOSS_MATCHMAKER_TICKET_ISSUER"))
        .isEqualTo("pitboss-matchmaker");

    var service =
        docs.stream()
            .filter(d -> Manifests.kind(d).equals("Service"))
            .map(d -> Serialization.unmarshal(d, Service.class))
            .filter(x -> x.getMetadata().getName().equals("pitboss-matchmaker"))
            .findFirst()
            .orElseThrow();
    var port = service.getSpec().getPorts().getFirst().getPort();
    assertThat(gameServer.get("PITBOSS_TICKET_JWKS"))
        .isEqualTo("http://pitboss-matchmaker.pitboss.svc:" + port + "/.well-known/jwks.json");
    assertThat(matchmaker.get("MICRONAUT_SERVER_PORT")).isEqualTo(Integer.toString(port));

    var policies =
        docs.stream()
            .filter(d -> Manifests.kind(d).equals("NetworkPolicy"))
            .map(d -> Serialization.unmarshal(d, NetworkPolicy.class))
            .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p));
    var gameServerEgress = policies.get("pitboss-game-server").getSpec().getEgress();
    assertThat(gameServerEgress)
        .as("game servers may reach the matchmaker's pods on %s", port)
        .anyMatch(
            rule ->
                rule.getTo() != null
                    && rule.getTo().stream()
                        .anyMatch(
                            peer ->
                                peer.getPodSelector() != null
                                    && "matchmaker"
                                        .equals(
                                            peer.getPodSelector()
                                                .getMatchLabels()
                                                .get("app.kubernetes.io/component")))
                    && rule.getPorts().stream()
                        .anyMatch(p -> port.equals(p.getPort().getIntVal())));
    var matchmakerIngress = policies.get("pitboss-matchmaker").getSpec().getIngress();
    assertThat(matchmakerIngress)
        .as("the matchmaker admits anyone (players, game servers anywhere) on %s", port)
        .anyMatch(
            rule ->
                (rule.getFrom() == null || rule.getFrom().isEmpty())
                    && rule.getPorts().stream()
                        .anyMatch(p -> port.equals(p.getPort().getIntVal())));
    // The matchmaker's informers and the player-token JWKS: the API server's ports, and the
    // JWKS URL's port when it is another.
    var egressPorts = new TreeSet<Integer>();
    for (var rule : policies.get("pitboss-matchmaker").getSpec().getEgress()) {
      if (rule.getTo() == null || rule.getTo().isEmpty()) {
        rule.getPorts().forEach(p -> egressPorts.add(p.getPort().getIntVal()));
      }
    }
    assertThat(egressPorts).contains(443, 6443);
    var args = new ArrayList<>(AGONES_API_VERSIONS);
    args.addAll(List.of("--set", "matchmaker.auth.jwksUrl=http://login.corp:8088/jwks"));
    assertThat(Helm.template(args).ok().out()).contains("- {port: 8088, protocol: TCP}");
  }

  /**
   * The ticket key the chart generates, and the one {@code helm/bin/ticket-jwks} prints for an
   * install without Helm, are JWK sets the matchmaker can sign with: one EC P-256 key, private
   * part, kid its RFC 7638 thumbprint; a signature made with d verifies with (x, y).
   */
  @Test
  void theTicketKeyIsAJwkSetTheMatchmakerSignsWith() throws Exception {
    var secret =
        Manifests.documents(Helm.template(AGONES_API_VERSIONS).ok().out()).stream()
            .filter(d -> Manifests.kind(d).equals("Secret"))
            .map(d -> Serialization.unmarshal(d, Secret.class))
            .filter(x -> x.getMetadata().getName().equals("pitboss-ticket-signing"))
            .findFirst()
            .orElseThrow();
    assertThat(secret.getData()).containsOnlyKeys("jwks.json");
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep");
    var generated =
        new String(Base64.getDecoder().decode(secret.getData().get("jwks.json")), UTF_8);
    assertSigningKey(generated);
    assertSigningKey(
        Helm.run(List.of(ROOT.resolve("helm/bin/ticket-jwks").toString()), List.of()).ok().out());
    // Each render (install) makes its own key.
    var again =
        Manifests.documents(Helm.template(AGONES_API_VERSIONS).ok().out()).stream()
            .filter(d -> d.contains("name: pitboss-ticket-signing"))
            .findFirst()
            .orElseThrow();
    assertThat(again).doesNotContain(secret.getData().get("jwks.json"));
  }

  @SuppressWarnings("unchecked")
  static void assertSigningKey(String jwks) throws Exception {
    var keys = (List<Map<String, String>>) Serialization.unmarshal(jwks, Map.class).get("keys");
    assertThat(keys).hasSize(1);
    var key = keys.getFirst();
    assertThat(key)
        .containsEntry("kty", "EC")
        .containsEntry("crv", "P-256")
        .containsEntry("use", "sig")
        .containsEntry("alg", "ES256")
        .containsKeys("x", "y", "d", "kid");
    var url = Base64.getUrlDecoder();
    var d = url.decode(key.get("d"));
    var x = url.decode(key.get("x"));
    var y = url.decode(key.get("y"));
    assertThat(d).hasSize(32);
    assertThat(x).hasSize(32);
    assertThat(y).hasSize(32);
    var thumbprintInput =
        "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\""
            + key.get("x")
            + "\",\"y\":\""
            + key.get("y")
            + "\"}";
    assertThat(key.get("kid"))
        .isEqualTo(
            HexFormat.of()
                .formatHex(
                    MessageDigest.getInstance("SHA-256").digest(thumbprintInput.getBytes(UTF_8))));

    var parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec("secp256r1"));
    var curve = parameters.getParameterSpec(ECParameterSpec.class);
    var factory = KeyFactory.getInstance("EC");
    var privateKey = factory.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, d), curve));
    var publicKey =
        factory.generatePublic(
            new ECPublicKeySpec(new ECPoint(new BigInteger(1, x), new BigInteger(1, y)), curve));
    var message = "a seat ticket".getBytes(UTF_8);
    var signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(privateKey);
    signer.update(message);
    var signature = signer.sign();
    var verifier = Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(publicKey);
    verifier.update(message);
    assertThat(verifier.verify(signature)).as("d and (x, y) are one key pair").isTrue();
  }

  /**
   * Every metric the dashboards and the alerts query is one a component registers (a renamed metric
   * would leave a silent, empty panel or an alert that never fires).
   */
  @Test
  void dashboardsAndAlertsQueryMetricsTheComponentsExport() throws Exception {
    var args = new ArrayList<>(AGONES_API_VERSIONS);
    args.addAll(
        List.of(
            "--set", "monitoring.dashboards.enabled=true",
            "--set", "monitoring.prometheusRule.enabled=true"));
    var rendered = Helm.template(args).ok().out();
    var sources = new StringBuilder();
    for (var module : List.of("operator", "game-server/server", "wallet/server", "matchmaker")) {
      try (var files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
        for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          sources.append(Files.readString(file));
        }
      }
    }
    var metric = Pattern.compile("\\b((?:pitboss|wallet|matchmaker)_[a-z_]+)\\b");
    var queried = new TreeSet<String>();
    for (var line : rendered.lines().filter(l -> l.contains("expr")).toList()) {
      var m = metric.matcher(line);
      while (m.find()) {
        queried.add(m.group(1));
      }
    }
    assertThat(queried).hasSizeGreaterThan(10);
    for (var name : queried) {
      var base = name.replaceFirst("_(bucket|sum|count)$", "");
      var registered = base.replaceFirst("_total$", "");
      assertThat(
              sources.indexOf('"' + base + '"') >= 0
                  || sources.indexOf('"' + registered + '"') >= 0)
          .as("%s is queried but no component registers it", name)
          .isTrue();
    }
  }

  /**
   * The chart's default image references are what {@code e2e/bin/images} builds: {@code
   * pitboss/<image.name>:<project version>} of every module that sets {@code image.name}.
   */
  @Test
  void defaultImagesAreTheOnesTheBuildProduces() throws Exception {
    var version = firstTag(Files.readString(ROOT.resolve("pom.xml")), "version");
    var built = new TreeSet<String>();
    for (var module : List.of("operator", "wallet/server", "game-server/server", "matchmaker")) {
      var name = firstTag(Files.readString(ROOT.resolve(module).resolve("pom.xml")), "image.name");
      built.add("pitboss/" + name + ":" + version);
    }
    assertThat(built).hasSize(4);
    var args = new ArrayList<String>(AGONES_API_VERSIONS);
    var out = Helm.template(args).ok().out();
    var referenced = new TreeSet<String>();
    var image = Pattern.compile("(?m)^\\s*image: (\\S+)$");
    var matcher = image.matcher(out);
    while (matcher.find()) {
      referenced.add(matcher.group(1).replace("\"", ""));
    }
    assertThat(referenced).isEqualTo(built);
  }

  /**
   * The text of the first {@code <tag>} after the parent section, as Maven reads a module's own.
   */
  private static String firstTag(String pom, String tag) {
    var body = pom.replaceFirst("(?s)<parent>.*?</parent>", "");
    var m = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(body);
    assertThat(m.find()).as("<%s> in a pom", tag).isTrue();
    return m.group(1).strip();
  }

  @Test
  void theChartsCrdsAreOurs() throws Exception {
    var ours = ROOT.resolve("crds/kubernetes");
    var chart = CHART.resolve("crds");
    assertThat(names(chart)).isEqualTo(names(ours));
    for (var name : names(ours)) {
      assertThat(Files.readString(chart.resolve(name)))
          .as("helm/pitboss/crds/%s differs from crds/kubernetes/%s: copy it over", name, name)
          .isEqualTo(Files.readString(ours.resolve(name)));
    }
  }

  @Test
  void theManifestsAreTheChartRendered() throws Exception {
    var fresh = Files.createTempFile("pitboss-manifests", ".yaml");
    try {
      Helm.run(
              List.of(ROOT.resolve("helm/bin/render-manifests").toString(), fresh.toString()),
              List.of("PITBOSS_HELM=" + TestBed.helm()))
          .ok();
      assertThat(Files.readString(ROOT.resolve("manifests/pitboss.yaml")))
          .as("manifests/pitboss.yaml is stale: run helm/bin/render-manifests")
          .isEqualTo(Files.readString(fresh));
    } finally {
      Files.deleteIfExists(fresh);
    }
  }

  @Test
  void keepsTheTicketKeyAndCertificatesOutOfThePlainManifests() throws Exception {
    var manifests = Files.readString(ROOT.resolve("manifests/pitboss.yaml"));
    assertThat(manifests)
        .doesNotContain("PRIVATE KEY")
        .doesNotContain("private.pem: ")
        .doesNotContain("jwks.json: ")
        .doesNotContain("\"d\":");
  }

  private static List<String> names(Path dir) throws Exception {
    try (var list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
