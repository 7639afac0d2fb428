package dev.pitboss.crds.agones;

import java.util.Map;

/**
 * The fields of an Agones object this model does not name. Every record of the model keeps them in
 * a component annotated {@code @JsonAnySetter @JsonAnyGetter}, so a read never fails on a field
 * Agones added (or its webhooks defaulted) and a write sends back what it read.
 */
final class Unknown {
  private Unknown() {}

  static Map<String, Object> orEmpty(Map<String, Object> fields) {
    return fields == null ? Map.of() : fields;
  }
}
