package dev.pitboss.agones.standin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Agones' own release files (v1.60.0: its CRDs and the allocation APIService), read from {@code
 * shared/agones/v1.60.0} beside the repository, never copied into it. In a git worktree the folder
 * beside the main checkout counts too, since that is where a clone with {@code shared/} beside it
 * keeps it.
 */
public final class AgonesRelease {
  public static final String VERSION = "v1.60.0";

  private AgonesRelease() {}

  /** The release folder, found from the repository that holds the working directory. */
  public static Path folder() {
    return folder(repositoryRoot(Path.of("").toAbsolutePath()));
  }

  /** The release folder beside {@code repositoryRoot} (or beside its main checkout). */
  public static Path folder(Path repositoryRoot) {
    var relative = Path.of("shared", "agones", VERSION);
    var root = repositoryRoot.toAbsolutePath().normalize();
    var candidates = new ArrayList<Path>();
    candidates.add(root.resolveSibling(relative));
    var dotGit = root.resolve(".git");
    if (Files.isRegularFile(dotGit)) {
      try {
        var line = Files.readString(dotGit).strip();
        if (line.startsWith("gitdir:")) {
          // <main>/.git/worktrees/<name> -> <main>
          var main = Path.of(line.substring(7).strip()).getParent().getParent().getParent();
          candidates.add(main.resolveSibling(relative));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return candidates.stream()
        .filter(p -> Files.isRegularFile(p.resolve("crds.yaml")))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Agones' CRDs are not at "
                        + candidates
                        + ": clone the repository with shared/ beside it"));
  }

  /** The nearest folder at or above {@code start} with {@code mvnw} and {@code .git}. */
  public static Path repositoryRoot(Path start) {
    for (var dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(".git")) && Files.isRegularFile(dir.resolve("mvnw"))) {
        return dir;
      }
    }
    throw new IllegalStateException("not inside the Pitboss repository: " + start);
  }

  /**
   * Agones' five CRDs, unchanged from the release. Kept generic: their schemas carry {@code
   * x-kubernetes-patch-strategy}, which fabric8's typed CRD model does not know.
   */
  public static List<GenericKubernetesResource> crds() {
    try {
      var yaml = Files.readString(folder().resolve("crds.yaml"));
      return Arrays.stream(yaml.split("(?m)^---\\s*$"))
          .map(doc -> Serialization.unmarshal(doc, GenericKubernetesResource.class))
          .filter(r -> r != null && "CustomResourceDefinition".equals(r.getKind()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Registers the release's allocation APIService ({@code v1.allocation.agones.dev}) with the API
   * server, served on loopback {@code port} through an ExternalName Service at {@code localhost}
   * (the API server refuses loopback Endpoints), and waits until the API server reports it
   * Available. Whoever listens on the port answers allocations: the stand-in or Agones' extensions.
   */
  public static void registerAllocationApi(
      io.fabric8.kubernetes.client.KubernetesClient client, int port, java.time.Duration timeout) {
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName("agones-system")
                .endMetadata()
                .build())
        .createOr(existing -> existing.update());
    var service =
        new io.fabric8.kubernetes.api.model.ServiceBuilder()
            .withNewMetadata()
            .withName("agones-controller-service")
            .withNamespace("agones-system")
            .endMetadata()
            .withNewSpec()
            .withType("ExternalName")
            .withExternalName("localhost")
            .addNewPort()
            .withName("https")
            .withPort(port)
            .endPort()
            .endSpec()
            .build();
    client.resource(service).createOr(existing -> existing.update());
    GenericKubernetesResource apiService;
    try (var in = Files.newInputStream(folder().resolve("allocation-apiservice.yaml"))) {
      apiService = Serialization.unmarshal(in, GenericKubernetesResource.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    @SuppressWarnings("unchecked")
    var spec = (java.util.Map<String, Object>) apiService.getAdditionalProperties().get("spec");
    spec.remove("caBundle");
    spec.put("insecureSkipTLSVerify", true);
    @SuppressWarnings("unchecked")
    var serviceRef = (java.util.Map<String, Object>) spec.get("service");
    serviceRef.put("port", port);
    client.resource(apiService).createOr(existing -> existing.update());
    client
        .genericKubernetesResources("apiregistration.k8s.io/v1", "APIService")
        .withName(apiService.getMetadata().getName())
        .waitUntilCondition(
            AgonesRelease::available,
            timeout.toMillis(),
            java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  @SuppressWarnings("unchecked")
  private static boolean available(GenericKubernetesResource apiService) {
    if (apiService == null) return false;
    var status = (java.util.Map<String, Object>) apiService.getAdditionalProperties().get("status");
    if (status == null || status.get("conditions") == null) return false;
    return ((List<java.util.Map<String, Object>>) status.get("conditions"))
        .stream()
            .anyMatch(c -> "Available".equals(c.get("type")) && "True".equals(c.get("status")));
  }
}
