package dev.pitboss.crds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class TableRulesTest {

  @Test
  void cashRulesCarryTheStakesRakeAndClockOfTheSpec() {
    var spec = ModelMatchesSchemaTest.fullTable().getSpec();
    var rules = TableRules.cash("table/default/cash/", spec);
    assertThat(rules.cash()).isEqualTo(new TableRules.Cash(50, 100, "EUR", 4000, 20000, 500, 300));
    assertThat(rules.seats()).isEqualTo(6);
    assertThat(rules.actionSeconds()).isEqualTo(20);
    assertThat(rules.tournament()).isNull();
  }

  @Test
  void defaultsApplyWhenTheSpecWasStoredWithoutRakeOrClock() {
    var s = ModelMatchesSchemaTest.fullTable().getSpec();
    var bare =
        new TableSpec(s.game(), s.stakes(), s.seats(), s.buyIn(), s.region(), null, null, null);
    var rules = TableRules.cash("table/default/cash/", bare);
    assertThat(rules.actionSeconds()).isEqualTo(30);
    assertThat(rules.cash().rakeBasisPoints()).isZero();
  }

  @Test
  void tournamentRulesRoundTripThroughJson() {
    var spec = ModelMatchesSchemaTest.fullTournament().getSpec();
    var rules = TableRules.tournament("tournament/default/mtt/", spec);
    var json = Serialization.asJson(rules);
    assertThat(json).doesNotContain("cash");
    assertThat(Serialization.unmarshal(json, TableRules.class)).isEqualTo(rules);
  }

  @Test
  void annotationKeyIsAValidAnnotationNameForTheLongestOwner() {
    var owner = "tournament/" + "n".repeat(63) + "/" + "x".repeat(253) + "/";
    var key = TableRules.annotationKey(owner);
    var name = key.substring(TableRules.ANNOTATION_PREFIX.length());
    assertThat(key).startsWith("rules.pitboss.dev/tournament-");
    assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(TableRules.annotationKey("table/a/b/"))
        .isNotEqualTo(TableRules.annotationKey("table/a/c/"));
  }

  @Test
  void ownerOfATableIdIsItsPrefix() {
    assertThat(TableRules.ownerOf("table/default/cash/12")).isEqualTo("table/default/cash/");
    assertThatThrownBy(() -> TableRules.ownerOf("nonsense")).hasMessageContaining("nonsense");
  }

  @Test
  void exactlyOneKindOfRules() {
    assertThatThrownBy(() -> new TableRules("table/a/b/", Game.NLHE, 6, 30, null, null))
        .hasMessageContaining("exactly one");
  }
}
