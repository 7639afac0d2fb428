package dev.pitboss.crds.agones;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** An Agones Counter: a bounded count, e.g. players on a game server. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgonesCounter(
    Long count, Long capacity, @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
  public AgonesCounter {
    unknown = Unknown.orEmpty(unknown);
  }

  public AgonesCounter(Long count, Long capacity) {
    this(count, capacity, null);
  }
}
