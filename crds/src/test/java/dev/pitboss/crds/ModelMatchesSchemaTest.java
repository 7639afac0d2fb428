package dev.pitboss.crds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-written CRD YAML is the source of truth; the Java model must not carry a field the API
 * server would prune, and must read back what it wrote.
 */
class ModelMatchesSchemaTest {

  static final Condition READY =
      new ConditionBuilder()
          .withType("Ready")
          .withStatus("True")
          .withObservedGeneration(3L)
          .withLastTransitionTime("2026-01-01T00:00:00Z")
          .withReason("Converged")
          .withMessage("ok")
          .build();
  static final List<Placement> PLACEMENTS =
      List.of(new Placement("table/default/cash/0", "gs-1", "10.0.0.1", 7000));

  static Table fullTable() {
    var table = new Table();
    table.setSpec(
        new TableSpec(
            Game.NLHE,
            new TableSpec.Stakes(50, 100, "EUR", "€0.50/€1"),
            6,
            new TableSpec.BuyIn(4000, 20000),
            "eu-west",
            new TableSpec.Scaling(1, 10, 4),
            new TableSpec.Rake(500, 300),
            20));
    table.setStatus(new TableStatus(3L, TablePhase.Ready, 2, 5, 7, PLACEMENTS, List.of(READY)));
    return table;
  }

  static Tournament fullTournament() {
    var tournament = new Tournament();
    tournament.setSpec(
        new TournamentSpec(
            Game.NLHE,
            new TournamentSpec.Entry(1000, 100, "EUR"),
            10000,
            List.of(
                new TournamentSpec.BlindLevel(25, 50, 0, 10),
                new TournamentSpec.BlindLevel(50, 100, 10, 10)),
            9,
            new TournamentSpec.Players(2, 1000),
            new TournamentSpec.Registration("2026-01-01T10:00:00Z", "2026-01-01T13:00:00Z"),
            List.of(50, 30, 20),
            "eu-west",
            "2026-01-01T12:00:00Z",
            false,
            20));
    tournament.setStatus(
        new TournamentStatus(
            1L,
            TournamentPhase.Running,
            90,
            40,
            2,
            5,
            new Money(90000, "EUR"),
            "2026-01-01T12:00:00Z",
            PLACEMENTS,
            List.of(READY)));
    return tournament;
  }

  @Test
  void everyTableFieldIsInTheSchemaAndReadsBack() {
    assertFieldsDeclared(fullTable(), "/crds/tables.pitboss.dev.yaml");
    assertRoundTrips(fullTable(), Table.class);
  }

  @Test
  void everyTournamentFieldIsInTheSchemaAndReadsBack() {
    assertFieldsDeclared(fullTournament(), "/crds/tournaments.pitboss.dev.yaml");
    assertRoundTrips(fullTournament(), Tournament.class);
  }

  @Test
  void theModelNamesTheSameKindsAsTheYaml() {
    assertThat(crd("/crds/tables.pitboss.dev.yaml").getMetadata().getName())
        .isEqualTo(new Table().getCRDName());
    assertThat(crd("/crds/tournaments.pitboss.dev.yaml").getMetadata().getName())
        .isEqualTo(new Tournament().getCRDName());
  }

  static <T> void assertRoundTrips(T resource, Class<T> type) {
    var json = Serialization.asJson(resource);
    var back = Serialization.unmarshal(json, type);
    assertThat(Serialization.asJson(back)).isEqualTo(json);
  }

  static void assertFieldsDeclared(Object resource, String crdPath) {
    var schema = crd(crdPath).getSpec().getVersions().getFirst().getSchema().getOpenAPIV3Schema();
    JsonNode tree = Serialization.jsonMapper().valueToTree(resource);
    var undeclared = new ArrayList<String>();
    for (var field : List.of("spec", "status")) {
      walk(tree.get(field), schema.getProperties().get(field), "." + field, undeclared);
    }
    assertThat(undeclared).as("model fields the CRD schema would prune").isEmpty();
  }

  static void walk(JsonNode node, JSONSchemaProps schema, String path, List<String> undeclared) {
    if (schema == null) {
      undeclared.add(path);
      return;
    }
    if (node.isObject()) {
      node.properties()
          .forEach(
              e ->
                  walk(
                      e.getValue(),
                      schema.getProperties().get(e.getKey()),
                      path + "." + e.getKey(),
                      undeclared));
    } else if (node.isArray()) {
      node.forEach(item -> walk(item, schema.getItems().getSchema(), path + "[]", undeclared));
    }
  }

  static CustomResourceDefinition crd(String path) {
    return Serialization.unmarshal(
        ModelMatchesSchemaTest.class.getResourceAsStream(path), CustomResourceDefinition.class);
  }
}
