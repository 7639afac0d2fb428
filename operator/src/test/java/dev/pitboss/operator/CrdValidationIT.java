package dev.pitboss.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitboss.crds.Table;
import dev.pitboss.crds.TableSpec;
import dev.pitboss.crds.Tournament;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad YAML is refused by the real API server with a message a person understands: every CEL rule
 * and schema bound of both CRDs, asserted on the server's own message. Also: the examples apply
 * with kubectl, and the Java model round-trips through the stored schema.
 */
class CrdValidationIT {
  static Cluster cluster;

  static final String TABLE =
      """
      apiVersion: pitboss.dev/v1alpha1
      kind: Table
      metadata: {name: NAME, namespace: default}
      spec:
        game: nlhe
        stakes: {smallBlind: 50, bigBlind: 100, currency: EUR}
        seats: 6
        buyIn: {min: 4000, max: 20000}
        region: eu-west
        scaling: {minTables: 1, maxTables: 10, freeSeats: 4}
      """;

  static final String TOURNAMENT =
      """
      apiVersion: pitboss.dev/v1alpha1
      kind: Tournament
      metadata: {name: NAME, namespace: default}
      spec:
        game: nlhe
        buyIn: {amount: 1000, fee: 100, currency: EUR}
        startingStack: 10000
        blinds:
          - {smallBlind: 25, bigBlind: 50, minutes: 10}
          - {smallBlind: 50, bigBlind: 100, ante: 10, minutes: 10}
        seats: 9
        actionSeconds: 30
        players: {min: 2, max: 100}
        registration: {opensAt: "2030-01-01T10:00:00Z", lateClosesAt: "2030-01-01T13:00:00Z"}
        payouts: [50, 30, 20]
        region: eu-west
        startTime: "2030-01-01T12:00:00Z"
      """;

  @BeforeAll
  static void start() {
    cluster = new Cluster();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) cluster.close();
  }

  static void assertRejected(String yaml, String... messages) {
    var resource = cluster.client.resource(yaml);
    var thrown = assertThatThrownBy(resource::create).isInstanceOf(KubernetesClientException.class);
    for (var message : messages) thrown.hasMessageContaining(message);
  }

  static String table(String name, String from, String to) {
    assertThat(TABLE).contains(from);
    return TABLE.replace("NAME", name).replace(from, to);
  }

  static String tournament(String name, String from, String to) {
    assertThat(TOURNAMENT).contains(from);
    return TOURNAMENT.replace("NAME", name).replace(from, to);
  }

  @Test
  void theValidBaselinesAreAccepted() {
    cluster.client.resource(TABLE.replace("NAME", "baseline")).create();
    cluster.client.resource(TOURNAMENT.replace("NAME", "baseline")).create();
  }

  @Test
  void tableSchemaBounds() {
    assertRejected(
        table("t1", "seats: 6", "seats: 11"), "spec.seats", "should be less than or equal to 10");
    assertRejected(
        table("t2", "seats: 6", "seats: 1"), "spec.seats", "should be greater than or equal to 2");
    assertRejected(
        table("t3", "game: nlhe", "game: plo"), "spec.game", "Unsupported value: \"plo\"");
    assertRejected(
        table("t4", "currency: EUR", "currency: eur"),
        "spec.stakes.currency",
        "should match '^[A-Z]{3}$'");
    assertRejected(
        table("t5", "smallBlind: 50", "smallBlind: 0"),
        "spec.stakes.smallBlind",
        "should be greater than or equal to 1");
    assertRejected(
        table("t6", "region: eu-west", "region: EU_West"), "spec.region", "should match");
    assertRejected(
        table("t7", "maxTables: 10", "maxTables: 0"),
        "spec.scaling.maxTables",
        "should be greater than or equal to 1");
    assertRejected(table("t8", "  seats: 6\n", ""), "spec.seats: Required value");
  }

  @Test
  void theRemainingTableBounds() {
    assertRejected(
        table("b1", "bigBlind: 100", "bigBlind: 1000000000001"),
        "spec.stakes.bigBlind",
        "should be less than or equal to 1000000000000");
    assertRejected(
        table("b2", "max: 20000", "max: 1000000000001"),
        "spec.buyIn.max",
        "should be less than or equal to 1000000000000");
    assertRejected(
        table("b3", "min: 4000", "min: 0"),
        "spec.buyIn.min",
        "should be greater than or equal to 1");
    assertRejected(
        table("b4", "minTables: 1", "minTables: -1"),
        "spec.scaling.minTables",
        "should be greater than or equal to 0");
    assertRejected(
        table("b5", "maxTables: 10", "maxTables: 1001"),
        "spec.scaling.maxTables",
        "should be less than or equal to 1000");
    assertRejected(
        table("b6", "freeSeats: 4", "freeSeats: -1"),
        "spec.scaling.freeSeats",
        "should be greater than or equal to 0");
    assertRejected(
        table("b7", "region: eu-west", "region: " + "r".repeat(41)),
        "spec.region",
        "may not be more than 40");
    assertRejected(
        table("b8", "currency: EUR}", "currency: EUR, display: \"" + "x".repeat(33) + "\"}"),
        "spec.stakes.display",
        "may not be more than 32");
  }

  @Test
  void theRemainingTournamentBounds() {
    assertRejected(
        tournament("v1", "players: {min: 2, max: 100}", "players: {min: 1, max: 100}"),
        "spec.players.min",
        "should be greater than or equal to 2");
    assertRejected(
        tournament("v2", "players: {min: 2, max: 100}", "players: {min: 2, max: 100001}"),
        "spec.players.max",
        "should be less than or equal to 100000");
    assertRejected(
        tournament("v3", "ante: 10, minutes: 10}", "ante: -1, minutes: 10}"),
        "ante",
        "should be greater than or equal to 0");
    assertRejected(
        tournament("v4", "ante: 10, minutes: 10}", "ante: 10, minutes: 241}"),
        "minutes",
        "should be less than or equal to 240");
    assertRejected(
        tournament("v5", "payouts: [50, 30, 20]", "payouts: [101]"),
        "spec.payouts[0]",
        "should be less than or equal to 100");
    assertRejected(
        tournament("v6", "payouts: [50, 30, 20]", "payouts: [50, 30, 20, 0]"),
        "spec.payouts[3]",
        "should be greater than or equal to 1");
    assertRejected(
        tournament("v7", "fee: 100", "fee: -1"),
        "spec.buyIn.fee",
        "should be greater than or equal to 0");
    assertRejected(
        tournament("v8", "startingStack: 10000", "startingStack: 1000000001"),
        "spec.startingStack",
        "should be less than or equal to 1000000000");
    assertRejected(
        tournament("v9", "game: nlhe", "game: stud"), "spec.game", "Unsupported value: \"stud\"");
    assertRejected(
        tournament("v10", "opensAt: \"2030-01-01T10:00:00Z\"", "opensAt: \"soon\""),
        "spec.registration.opensAt");
    var levels = new StringBuilder();
    for (int i = 1; i <= 101; i++)
      levels
          .append("\n    - {smallBlind: ")
          .append(i)
          .append(", bigBlind: ")
          .append(i)
          .append(", minutes: 1}");
    assertRejected(
        TOURNAMENT
            .replace("NAME", "v11")
            .replaceAll("(?s)  blinds:\n.*?\n  seats", "  blinds:" + levels + "\n  seats"),
        "spec.blinds",
        "must have at most 100 items");
  }

  @Test
  void tableCelRules() {
    assertRejected(
        table("c1", "buyIn: {min: 4000, max: 20000}", "buyIn: {min: 50000, max: 20000}"),
        "buyIn.min must be <= buyIn.max");
    assertRejected(
        table("c2", "smallBlind: 50, bigBlind: 100", "smallBlind: 200, bigBlind: 100"),
        "stakes.smallBlind must be <= stakes.bigBlind");
    assertRejected(
        table("c3", "buyIn: {min: 4000", "buyIn: {min: 99"),
        "buyIn.min must be at least stakes.bigBlind");
    assertRejected(
        table("c4", "minTables: 1, maxTables: 10", "minTables: 11, maxTables: 10"),
        "scaling.minTables must be <= scaling.maxTables");
    assertRejected(
        table("c5", "freeSeats: 4", "freeSeats: 61"),
        "scaling.freeSeats must be <= scaling.maxTables * seats");
  }

  @Test
  void tableImmutableFields() {
    var tables = cluster.client.resources(Table.class).inNamespace("default");
    cluster.client.resource(TABLE.replace("NAME", "fixed")).create();
    var stored = tables.withName("fixed").get();
    var spec = stored.getSpec();
    stored.setSpec(
        new TableSpec(
            spec.game(),
            new TableSpec.Stakes(50, 100, "USD", null),
            spec.seats(),
            spec.buyIn(),
            spec.region(),
            spec.scaling(),
            spec.rake(),
            spec.actionSeconds()));
    assertThatThrownBy(() -> tables.resource(stored).update())
        .hasMessageContaining("stakes.currency is immutable once the Table is created");
    var again = tables.withName("fixed").get();
    var s = again.getSpec();
    again.setSpec(
        new TableSpec(
            s.game(),
            s.stakes(),
            9,
            s.buyIn(),
            s.region(),
            s.scaling(),
            s.rake(),
            s.actionSeconds()));
    assertThatThrownBy(() -> tables.resource(again).update())
        .hasMessageContaining("seats is immutable once the Table is created");
    var moved = tables.withName("fixed").get();
    var m = moved.getSpec();
    moved.setSpec(
        new TableSpec(
            m.game(),
            m.stakes(),
            m.seats(),
            m.buyIn(),
            "us-east",
            m.scaling(),
            m.rake(),
            m.actionSeconds()));
    assertThatThrownBy(() -> tables.resource(moved).update())
        .hasMessageContaining("region is immutable once the Table is created");
    assertThat(tables.withName("fixed").get().getSpec()).isEqualTo(spec);
  }

  @Test
  void tournamentSchemaBoundsAndCelRules() {
    assertRejected(
        tournament("u1", "seats: 9", "seats: 11"),
        "spec.seats",
        "should be less than or equal to 10");
    assertRejected(
        tournament("u2", "payouts: [50, 30, 20]", "payouts: [50, 30, 10]"),
        "payouts must sum to 100 (percent of the prize pool)");
    assertRejected(
        tournament(
            "u3",
            "{smallBlind: 50, bigBlind: 100, ante: 10, minutes: 10}",
            "{smallBlind: 25, bigBlind: 50, minutes: 10}"),
        "blinds must be strictly increasing");
    assertRejected(
        tournament(
            "u4",
            "{smallBlind: 50, bigBlind: 100, ante: 10, minutes: 10}",
            "{smallBlind: 20, bigBlind: 40, minutes: 10}"),
        "blinds must be strictly increasing");
    assertRejected(
        tournament(
            "u5",
            "lateClosesAt: \"2030-01-01T13:00:00Z\"",
            "lateClosesAt: \"2030-01-01T11:00:00Z\""),
        "registration.lateClosesAt must be after startTime");
    assertRejected(
        tournament("u6", "opensAt: \"2030-01-01T10:00:00Z\"", "opensAt: \"2030-01-01T12:30:00Z\""),
        "registration.opensAt must be before startTime");
    assertRejected(
        tournament("u7", "players: {min: 2, max: 100}", "players: {min: 200, max: 100}"),
        "players.min must be <= players.max");
    assertRejected(
        tournament("u8", "startingStack: 10000", "startingStack: 40"),
        "startingStack must cover the first level's bigBlind");
    assertRejected(
        tournament("u9", "players: {min: 2, max: 100}", "players: {min: 2, max: 2}"),
        "payouts must not pay more places than players.max");
    assertRejected(
        tournament(
            "u10",
            "{smallBlind: 25, bigBlind: 50, minutes: 10}",
            "{smallBlind: 75, bigBlind: 50, minutes: 10}"),
        "each blind level's smallBlind must be <= its bigBlind");
    assertRejected(
        tournament("u11", "startTime: \"2030-01-01T12:00:00Z\"", "startTime: \"tomorrow\""),
        "spec.startTime");
    assertRejected(
        tournament("u12", "minutes: 10}\n  seats", "minutes: 0}\n  seats"),
        "should be greater than or equal to 1");
    assertRejected(
        tournament("u13", "currency: EUR", "currency: EURO"),
        "spec.buyIn.currency",
        "should match");
    assertRejected(
        tournament("u14", "payouts: [50, 30, 20]", "payouts: []"),
        "spec.payouts",
        "should have at least 1 items");
  }

  @Test
  void aTournamentsStructureIsFixedOnceRegistrationOpens() {
    var name = "structured";
    var base = TOURNAMENT.replace("NAME", name);
    cluster.client.resource(base).create();
    // Scheduled: the platform team may still change the structure.
    cluster.client.resource(base.replace("seats: 9", "seats: 8")).update();
    var named = cluster.client.resources(Tournament.class).inNamespace("default").withName(name);
    named
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Registering\"}}");
    var message = "region, seats and blinds are immutable once registration opens";
    assertThatThrownBy(() -> cluster.client.resource(base.replace("seats: 9", "seats: 6")).update())
        .hasMessageContaining(message);
    assertThatThrownBy(
            () ->
                cluster
                    .client
                    .resource(
                        base.replace("seats: 9", "seats: 8")
                            .replace("region: eu-west", "region: us-east"))
                    .update())
        .hasMessageContaining(message);
    assertThatThrownBy(
            () ->
                cluster
                    .client
                    .resource(
                        base.replace("seats: 9", "seats: 8")
                            .replace("minutes: 10}\n", "minutes: 15}\n"))
                    .update())
        .hasMessageContaining(message);
    assertThat(named.get().getSpec().seats()).isEqualTo(8);
  }

  @Test
  void tournamentImmutableFields() {
    var tournaments = cluster.client.resources(Tournament.class).inNamespace("default");
    cluster
        .client
        .resource(
            TOURNAMENT
                .replace("NAME", "fixed-t")
                .replace("region: eu-west", "region: eu-west\n  cancelled: true"))
        .create();
    var changedCurrency =
        TOURNAMENT
            .replace("NAME", "fixed-t")
            .replace("currency: EUR", "currency: USD")
            .replace("region: eu-west", "region: eu-west\n  cancelled: true");
    assertThatThrownBy(() -> cluster.client.resource(changedCurrency).update())
        .hasMessageContaining("buyIn.currency is immutable once the Tournament is created");
    var changedAmount =
        TOURNAMENT
            .replace("NAME", "fixed-t")
            .replace("amount: 1000,", "amount: 2000,")
            .replace("region: eu-west", "region: eu-west\n  cancelled: true");
    assertThatThrownBy(() -> cluster.client.resource(changedAmount).update())
        .hasMessageContaining(
            "buyIn is immutable once the Tournament is created (buy-ins are already held)");
    var uncancelled =
        TOURNAMENT
            .replace("NAME", "fixed-t")
            .replace("region: eu-west", "region: eu-west\n  cancelled: false");
    assertThatThrownBy(() -> cluster.client.resource(uncancelled).update())
        .hasMessageContaining("cancelled cannot be undone");
    assertThat(tournaments.withName("fixed-t").get().getSpec().buyIn().currency()).isEqualTo("EUR");
  }

  @Test
  void theJavaModelRoundTripsThroughTheStoredSchema() {
    var yaml = TOURNAMENT.replace("NAME", "round-trip");
    var model = Serialization.unmarshal(yaml, Tournament.class);
    var stored = cluster.client.resource(model).create();
    assertThat(stored.getSpec()).isEqualTo(model.getSpec());
  }

  @Test
  void theExamplesApplyWithKubectl() throws Exception {
    var examples = Cluster.repoFile("manifests/examples");
    var command = new ArrayList<String>();
    command.add(Cluster.kubectl().toString());
    command.addAll(
        java.util.List.of(
            "--kubeconfig", cluster.kubeconfig().toString(), "apply", "-f", examples.toString()));
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    var output = new String(process.getInputStream().readAllBytes());
    assertThat(process.exitValue()).as(output).isZero();
    try (var files = Files.list(examples)) {
      assertThat(output.lines().filter(l -> l.contains("created")).count())
          .isEqualTo(files.count());
    }
  }
}
