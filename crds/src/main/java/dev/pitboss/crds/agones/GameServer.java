package dev.pitboss.crds.agones;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code agones.dev/v1 GameServer}: one game-server pod; ours hosts many poker tables. */
@Group(Agones.GROUP)
@Version("v1")
public class GameServer extends CustomResource<GameServer.Spec, GameServer.Status>
    implements Namespaced {

  /** {@code template} is a Kubernetes pod template; we pass it through without modelling it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Spec(
      String container,
      List<Port> ports,
      Map<String, AgonesCounter> counters,
      Map<String, AgonesList> lists,
      @PreserveUnknownFields JsonNode template) {}

  public record Port(String name, String portPolicy, Integer containerPort, String protocol) {}

  /** The live state: counters and lists here are what the SDK and allocations changed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Status(
      String state,
      String address,
      List<StatusPort> ports,
      String nodeName,
      Map<String, AgonesCounter> counters,
      Map<String, AgonesList> lists) {

    public AgonesList list(String key) {
      var list = lists == null ? null : lists.get(key);
      return list == null ? new AgonesList(0L, List.of()) : list;
    }

    /** This status with list {@code key} replaced: how a table or a seat is added or removed. */
    public Status withList(String key, AgonesList list) {
      var all = new HashMap<String, AgonesList>(lists == null ? Map.of() : lists);
      all.put(key, list);
      return new Status(state, address, ports, nodeName, counters, all);
    }
  }

  public record StatusPort(String name, Integer port) {}
}
