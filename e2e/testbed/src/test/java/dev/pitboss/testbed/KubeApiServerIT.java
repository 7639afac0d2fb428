package dev.pitboss.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test bed's kube-apiserver and etcd are real: CRDs install and their schemas are enforced. */
class KubeApiServerIT {

  static KubeAPIServer server;
  static KubernetesClient client;
  static final ResourceDefinitionContext TABLES =
      new ResourceDefinitionContext.Builder()
          .withGroup("pitboss.dev")
          .withVersion("v1alpha1")
          .withPlural("tables")
          .withKind("Table")
          .withNamespaced(true)
          .build();

  @BeforeAll
  static void start() {
    server = TestBed.startKubeApiServer();
    client = TestBed.client(server);
    var crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .load(KubeApiServerIT.class.getResourceAsStream("/crds/tables.pitboss.dev.yaml"))
            .item();
    client.resource(crd).serverSideApply();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(crd.getMetadata().getName())
        .waitUntilCondition(TestBed::established, 30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (client != null) client.close();
    if (server != null) server.stop();
  }

  static GenericKubernetesResource table(String name, int seats, long buyInMin, long buyInMax) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("pitboss.dev/v1alpha1")
        .withKind("Table")
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withAdditionalProperties(
            Map.of(
                "spec",
                Map.of(
                    "game",
                    "nlhe",
                    "stakes",
                    Map.of("smallBlind", 1, "bigBlind", 2, "currency", "EUR"),
                    "seats",
                    seats,
                    "buyIn",
                    Map.of("min", buyInMin, "max", buyInMax),
                    "region",
                    "eu-west")))
        .build();
  }

  @Test
  void aValidTableIsStoredWithDefaultsFromTheSchema() {
    var stored =
        client.genericKubernetesResources(TABLES).resource(table("ok", 6, 40, 200)).create();

    assertThat(stored.getMetadata().getUid()).isNotBlank();
    @SuppressWarnings("unchecked")
    var spec = (Map<String, Object>) stored.getAdditionalProperties().get("spec");
    assertThat(spec).containsKey("seats");
  }

  @Test
  void aSchemaInvalidTableIsRejectedWithTheApiServersMessage() {
    var tooManySeats = table("eleven", 11, 40, 200);
    assertThatThrownBy(
            () -> client.genericKubernetesResources(TABLES).resource(tooManySeats).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.seats")
        .hasMessageContaining("should be less than or equal to 10");

    assertThat(
            client
                .genericKubernetesResources(TABLES)
                .inNamespace("default")
                .withName("eleven")
                .get())
        .isNull();
  }

  @Test
  void aCelRuleRejectsACrossFieldMistake() {
    var inverted = table("inverted", 6, 500, 100);
    assertThatThrownBy(() -> client.genericKubernetesResources(TABLES).resource(inverted).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("buyIn.min must be <= buyIn.max");
  }
}
