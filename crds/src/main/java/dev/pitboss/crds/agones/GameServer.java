package dev.pitboss.crds.agones;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code agones.dev/v1 GameServer}: one game-server pod; ours hosts many poker tables. Agones'
 * GameServer has no status subresource: status is written with the object.
 */
@Group(Agones.GROUP)
@Version("v1")
public class GameServer extends CustomResource<GameServer.Spec, GameServer.Status>
    implements Namespaced {

  /**
   * {@code template} is a Kubernetes pod template; we pass it through without modelling it. {@code
   * health}, {@code sdkServer}, {@code scheduling} and the rest Agones defaults stay in {@code
   * unknown}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Spec(
      String container,
      List<Port> ports,
      Map<String, AgonesCounter> counters,
      Map<String, AgonesList> lists,
      JsonNode template,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public Spec {
      unknown = Unknown.orEmpty(unknown);
    }

    public Spec(
        String container,
        List<Port> ports,
        Map<String, AgonesCounter> counters,
        Map<String, AgonesList> lists,
        JsonNode template) {
      this(container, ports, counters, lists, template, null);
    }
  }

  /** {@code hostPort} is set only with {@code portPolicy: Static} (or by Agones for Dynamic). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Port(
      String name,
      String portPolicy,
      Integer containerPort,
      Integer hostPort,
      String protocol,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public Port {
      unknown = Unknown.orEmpty(unknown);
    }

    public Port(
        String name, String portPolicy, Integer containerPort, Integer hostPort, String protocol) {
      this(name, portPolicy, containerPort, hostPort, protocol, null);
    }
  }

  /** The live state: counters and lists here are what the SDK and allocations changed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Status(
      String state,
      String address,
      List<StatusPort> ports,
      String nodeName,
      Map<String, AgonesCounter> counters,
      Map<String, AgonesList> lists,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public Status {
      unknown = Unknown.orEmpty(unknown);
    }

    public Status(
        String state,
        String address,
        List<StatusPort> ports,
        String nodeName,
        Map<String, AgonesCounter> counters,
        Map<String, AgonesList> lists) {
      this(state, address, ports, nodeName, counters, lists, null);
    }

    public AgonesList list(String key) {
      var list = lists == null ? null : lists.get(key);
      return list == null ? new AgonesList(0L, List.of()) : list;
    }

    /** This status with list {@code key} replaced: how a table or a seat is added or removed. */
    public Status withList(String key, AgonesList list) {
      var all = new HashMap<String, AgonesList>(lists == null ? Map.of() : lists);
      all.put(key, list);
      return new Status(state, address, ports, nodeName, counters, all, unknown);
    }

    /** This status in another state, everything else kept. */
    public Status withState(String newState) {
      return new Status(newState, address, ports, nodeName, counters, lists, unknown);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StatusPort(
      String name, Integer port, @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public StatusPort {
      unknown = Unknown.orEmpty(unknown);
    }

    public StatusPort(String name, Integer port) {
      this(name, port, null);
    }
  }
}
