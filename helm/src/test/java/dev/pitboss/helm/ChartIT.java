package dev.pitboss.helm;

import static dev.pitboss.helm.Helm.AGONES_API_VERSIONS;
import static dev.pitboss.helm.Helm.CHART;
import static dev.pitboss.helm.Helm.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitboss.testbed.TestBed;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
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
            "gameServer.terminationGracePeriodSeconds (60) must exceed drainTimeoutSeconds (120)"));
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
    for (var module : List.of("operator", "game-server/server", "wallet/server")) {
      try (var files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
        for (var file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          sources.append(Files.readString(file));
        }
      }
    }
    var metric = Pattern.compile("\\b((?:pitboss|wallet)_[a-z_]+)\\b");
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
    assertThat(manifests).doesNotContain("PRIVATE KEY").doesNotContain("private.pem: ");
  }

  private static List<String> names(Path dir) throws Exception {
    try (var list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
