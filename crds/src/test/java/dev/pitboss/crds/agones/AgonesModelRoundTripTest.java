package dev.pitboss.crds.agones;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/**
 * Agones objects as the real Agones v1.60.0 writes them (controller and webhook defaults applied):
 * reading one must not fail on a field the model does not name, and writing it back must not drop
 * one. Before the model kept unknown fields, reading the GameServer failed on {@code
 * ports[].container}.
 */
class AgonesModelRoundTripTest {

  static final String GAME_SERVER =
      """
      {"apiVersion":"agones.dev/v1","kind":"GameServer",
       "metadata":{"name":"pitboss-eu-west-x7k2p-9qz4t","namespace":"default","resourceVersion":"812",
         "generation":3,"labels":{"agones.dev/fleet":"pitboss-eu-west","pitboss.dev/region":"eu-west"},
         "annotations":{"agones.dev/ready-container-id":"containerd://abc","agones.dev/sdk-version":"1.60.0"},
         "finalizers":["agones.dev"],
         "ownerReferences":[{"apiVersion":"agones.dev/v1","kind":"GameServerSet","name":"pitboss-eu-west-x7k2p",
           "uid":"5c0a","controller":true,"blockOwnerDeletion":true}]},
       "spec":{"container":"game-server",
         "ports":[{"name":"game","portPolicy":"Dynamic","container":"game-server","containerPort":7654,
           "hostPort":7113,"protocol":"TCP"}],
         "health":{"disabled":false,"periodSeconds":5,"failureThreshold":3,"initialDelaySeconds":5},
         "scheduling":"Packed","sdkServer":{"logLevel":"Info","grpcPort":9357,"httpPort":9358},
         "lists":{"players":{"capacity":200},"tables":{"capacity":20}},
         "eviction":{"safe":"Never"},
         "template":{"metadata":{"creationTimestamp":null},
           "spec":{"containers":[{"name":"game-server","image":"ghcr.io/pitboss/game-server:dev","resources":{}}]}}},
       "status":{"state":"Allocated","ports":[{"name":"game","port":7113}],"address":"10.0.0.7",
         "addresses":[{"type":"InternalIP","address":"10.0.0.7"},{"type":"PodIP","address":"10.244.0.9"}],
         "nodeName":"node-1","reservedUntil":null,
         "lists":{"players":{"capacity":200,"values":["table/default/cash/0#1"]},
           "tables":{"capacity":20,"values":["table/default/cash/0"]}},
         "counters":{"rooms":{"count":1,"capacity":10}},
         "eviction":{"safe":"Never"},"immutableReplicas":1}}
      """;

  static final String FLEET =
      """
      {"apiVersion":"agones.dev/v1","kind":"Fleet",
       "metadata":{"name":"pitboss-eu-west","namespace":"default","resourceVersion":"77"},
       "spec":{"replicas":2,"allocationOverflow":null,"scheduling":"Packed",
         "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}},
         "priorities":[{"type":"List","key":"tables","order":"Ascending"}],
         "template":{"metadata":{"labels":{"pitboss.dev/region":"eu-west"},"creationTimestamp":null},
           "spec":{"container":"game-server",
             "ports":[{"name":"game","portPolicy":"Dynamic","container":"game-server","containerPort":7654,"protocol":"TCP"}],
             "health":{"periodSeconds":5,"failureThreshold":3,"initialDelaySeconds":5},
             "sdkServer":{"logLevel":"Info","grpcPort":9357,"httpPort":9358},
             "lists":{"players":{"capacity":200},"tables":{"capacity":20}},
             "template":{"spec":{"containers":[{"name":"game-server","image":"x"}]}}}}},
       "status":{"replicas":2,"readyReplicas":1,"reservedReplicas":0,"allocatedReplicas":1,
         "players":{"count":0,"capacity":0},
         "lists":{"tables":{"count":1,"capacity":40}}}}
      """;

  static final String AUTOSCALER =
      """
      {"apiVersion":"autoscaling.agones.dev/v1","kind":"FleetAutoscaler",
       "metadata":{"name":"pitboss-eu-west","namespace":"default"},
       "spec":{"fleetName":"pitboss-eu-west",
         "policy":{"type":"List","list":{"key":"tables","bufferSize":4,"minCapacity":4,"maxCapacity":5000}},
         "sync":{"type":"FixedInterval","fixedInterval":{"seconds":10}}},
       "status":{"currentReplicas":2,"desiredReplicas":2,"ableToScale":true,"scalingLimited":false,
         "lastScaleTime":"2026-11-22T10:00:00Z","lastAppliedPolicy":"List"}}
      """;

  static final String ALLOCATION_ANSWER =
      """
      {"apiVersion":"allocation.agones.dev/v1","kind":"GameServerAllocation",
       "metadata":{"name":"pitboss-eu-west-x7k2p-9qz4t","namespace":"default","creationTimestamp":"2026-11-22T10:00:00Z"},
       "spec":{"multiClusterSetting":{"enabled":false,"policySelector":{}},
         "required":{"matchLabels":{"agones.dev/fleet":"pitboss-eu-west"}},"preferred":[],
         "priorities":[{"type":"List","key":"tables","order":"Ascending"}],
         "selectors":[{"matchLabels":{"agones.dev/fleet":"pitboss-eu-west"},"gameServerState":"Allocated",
           "players":{"minAvailable":0,"maxAvailable":0},"lists":{"tables":{"minAvailable":1}}}],
         "scheduling":"Packed","metadata":{"labels":{"pitboss.dev/hosts-tables":"true"}},
         "lists":{"tables":{"addValues":["table/default/cash/1"]}}},
       "status":{"state":"Allocated","gameServerName":"pitboss-eu-west-x7k2p-9qz4t",
         "ports":[{"name":"game","port":7113}],"address":"10.0.0.7",
         "addresses":[{"type":"InternalIP","address":"10.0.0.7"}],"nodeName":"node-1","source":"local",
         "metadata":{"labels":{"agones.dev/fleet":"pitboss-eu-west"}},
         "lists":{"tables":{"capacity":20,"values":["table/default/cash/0","table/default/cash/1"]}}}}
      """;

  @Test
  void aGameServerReadsAndWritesBackEveryField() {
    assertRoundTrip(GAME_SERVER, GameServer.class);
    var server = Serialization.unmarshal(GAME_SERVER, GameServer.class);
    assertThat(server.getSpec().ports().getFirst().hostPort()).isEqualTo(7113);
    assertThat(server.getStatus().list("tables").valuesOrEmpty())
        .containsExactly("table/default/cash/0");
  }

  @Test
  void aFleetKeepsTheStrategyAgonesDefaulted() {
    assertRoundTrip(FLEET, Fleet.class);
    var fleet = Serialization.unmarshal(FLEET, Fleet.class);
    assertThat(fleet.getSpec().unknown()).containsKey("strategy");
  }

  @Test
  void aFleetAutoscalerReadsAndWritesBackEveryField() {
    assertRoundTrip(AUTOSCALER, FleetAutoscaler.class);
  }

  @Test
  void anAllocationAnswerReadsAndWritesBackEveryField() {
    assertRoundTrip(ALLOCATION_ANSWER, GameServerAllocation.class);
  }

  @Test
  void aStatusEditKeepsWhatItDoesNotTouch() {
    var server = Serialization.unmarshal(GAME_SERVER, GameServer.class);
    var edited =
        server
            .getStatus()
            .withList("tables", new AgonesList(20L, java.util.List.of()))
            .withState("Ready");
    assertThat(edited.unknown()).containsKeys("addresses", "eviction", "immutableReplicas");
  }

  private static <T> void assertRoundTrip(String json, Class<T> type) {
    JsonNode original = Serialization.unmarshal(json, JsonNode.class);
    T read = Serialization.unmarshal(json, type);
    // Through text, as it goes over the wire: a long and an int of one value are one number there.
    JsonNode written = Serialization.unmarshal(Serialization.asJson(read), JsonNode.class);
    assertThat(withoutNulls(written)).isEqualTo(withoutNulls(original));
  }

  /** A null and an absent field mean the same to the API server. */
  private static JsonNode withoutNulls(JsonNode node) {
    if (node.isObject()) {
      var copy = Serialization.jsonMapper().createObjectNode();
      node.properties()
          .forEach(
              e -> {
                if (!e.getValue().isNull()) copy.set(e.getKey(), withoutNulls(e.getValue()));
              });
      return copy;
    }
    if (node.isArray()) {
      var copy = Serialization.jsonMapper().createArrayNode();
      node.forEach(n -> copy.add(withoutNulls(n)));
      return copy;
    }
    return node;
  }
}
