package dev.pitboss.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorConfigTest {

  @Test
  void aMissingPodTemplateIsNamed() {
    assertThatThrownBy(() -> OperatorConfig.fromEnv(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PITBOSS_GAMESERVER_POD_TEMPLATE");
  }

  @Test
  void aBadNumberIsNamedWithItsValue() throws Exception {
    var template = Files.createTempFile("template", ".yaml");
    Files.writeString(template, "spec:\n  containers:\n    - {name: game-server, image: x}\n");
    assertThatThrownBy(
            () ->
                OperatorConfig.fromEnv(
                    Map.of(
                        "PITBOSS_GAMESERVER_POD_TEMPLATE",
                        template.toString(),
                        "PITBOSS_TABLES_PER_SERVER",
                        "twenty")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PITBOSS_TABLES_PER_SERVER must be an integer, got 'twenty'");
  }

  @Test
  void defaultsAndTheTemplateAreRead() throws Exception {
    var template = Files.createTempFile("template", ".yaml");
    Files.writeString(template, "spec:\n  containers:\n    - {name: game-server, image: x}\n");
    var config =
        OperatorConfig.fromEnv(
            Map.of(
                "PITBOSS_GAMESERVER_POD_TEMPLATE",
                template.toString(),
                "POD_NAMESPACE",
                "pitboss"));
    assertThat(config.tablesPerServer()).isEqualTo(20);
    assertThat(config.leaseNamespace()).isEqualTo("pitboss");
    assertThat(config.exitOnLostLease()).isTrue();
    assertThat(config.podTemplate().at("/spec/containers/0/image").asText()).isEqualTo("x");
  }
}
