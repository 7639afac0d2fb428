package dev.pitboss.crds.agones;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;
import java.util.Map;

/**
 * {@code allocation.agones.dev/v1 GameServerAllocation}: not a CRD but an aggregated API. Agones
 * answers a create synchronously, in the response's status, and stores nothing: there is nothing to
 * get or delete afterwards. An {@code UnAllocated} or {@code Contention} answer has no name.
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
   * fullest first); {@code lists} actions are applied to the chosen server atomically, and {@code
   * metadata} labels and annotations are copied onto it.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Spec(
      String scheduling,
      List<Selector> selectors,
      List<Priority> priorities,
      Map<String, ListAction> lists,
      TemplateMetadata metadata,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public Spec {
      unknown = Unknown.orEmpty(unknown);
    }

    public Spec(
        String scheduling,
        List<Selector> selectors,
        List<Priority> priorities,
        Map<String, ListAction> lists,
        TemplateMetadata metadata) {
      this(scheduling, selectors, priorities, lists, metadata, null);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Selector(
      Map<String, String> matchLabels,
      String gameServerState,
      Map<String, ListSelector> lists,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public Selector {
      unknown = Unknown.orEmpty(unknown);
    }

    public Selector(
        Map<String, String> matchLabels, String gameServerState, Map<String, ListSelector> lists) {
      this(matchLabels, gameServerState, lists, null);
    }
  }

  /** Matches a server whose list has at least {@code minAvailable} free slots. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ListSelector(
      String containsValue,
      Long minAvailable,
      Long maxAvailable,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public ListSelector {
      unknown = Unknown.orEmpty(unknown);
    }

    public ListSelector(String containsValue, Long minAvailable, Long maxAvailable) {
      this(containsValue, minAvailable, maxAvailable, null);
    }
  }

  /** {@code type} Counter or List, {@code order} Ascending or Descending on available capacity. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Priority(
      String type,
      String key,
      String order,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public Priority {
      unknown = Unknown.orEmpty(unknown);
    }

    public Priority(String type, String key, String order) {
      this(type, key, order, null);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ListAction(
      List<String> addValues,
      List<String> deleteValues,
      Long capacity,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public ListAction {
      unknown = Unknown.orEmpty(unknown);
    }

    public ListAction(List<String> addValues, List<String> deleteValues, Long capacity) {
      this(addValues, deleteValues, capacity, null);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Status(
      String state,
      String gameServerName,
      List<GameServer.StatusPort> ports,
      String address,
      String nodeName,
      String source,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public Status {
      unknown = Unknown.orEmpty(unknown);
    }

    public Status(
        String state,
        String gameServerName,
        List<GameServer.StatusPort> ports,
        String address,
        String nodeName,
        String source) {
      this(state, gameServerName, ports, address, nodeName, source, null);
    }
  }
}
