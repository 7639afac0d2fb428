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
}
