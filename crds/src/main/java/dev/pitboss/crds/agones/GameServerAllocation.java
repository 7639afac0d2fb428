package dev.pitboss.crds.agones;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;
import java.util.Map;

/**
 * {@code allocation.agones.dev/v1 GameServerAllocation}. Real Agones answers a create synchronously
 * (the result is in the response's status); the stand-in CRD stores the request and a controller
 * fills the status later. The operator's allocation client handles both.
 */
@Group("allocation.agones.dev")
@Version("v1")
public class GameServerAllocation
    extends CustomResource<GameServerAllocation.Spec, GameServerAllocation.Status>
    implements Namespaced {

  public static final String ALLOCATED = "Allocated";
  public static final String UNALLOCATED = "UnAllocated";
  public static final String CONTENTION = "Contention";

  /**
   * Selectors are tried in order; {@code priorities} order candidates within one (for Packed: the
   * fullest first); {@code lists} actions are applied to the chosen server atomically.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Spec(
      String scheduling,
      List<Selector> selectors,
      List<Priority> priorities,
      Map<String, ListAction> lists,
      TemplateMetadata metadata) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Selector(
      Map<String, String> matchLabels, String gameServerState, Map<String, ListSelector> lists) {}

  /** Matches a server whose list has at least {@code minAvailable} free slots. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ListSelector(String containsValue, Long minAvailable, Long maxAvailable) {}

  /** {@code type} Counter or List, {@code order} Ascending or Descending on available capacity. */
  public record Priority(String type, String key, String order) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ListAction(List<String> addValues, List<String> deleteValues, Long capacity) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Status(
      String state,
      String gameServerName,
      List<GameServer.StatusPort> ports,
      String address,
      String nodeName,
      String source) {}
}
