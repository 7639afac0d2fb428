package dev.pitboss.crds.agones;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** An Agones List: a bounded set of string values, e.g. the tables a game server hosts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgonesList(
    Long capacity, List<String> values, @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
  public AgonesList {
    unknown = Unknown.orEmpty(unknown);
  }

  public AgonesList(Long capacity, List<String> values) {
    this(capacity, values, null);
  }

  public List<String> valuesOrEmpty() {
    return values == null ? List.of() : values;
  }

  public long available() {
    return (capacity == null ? 0 : capacity) - valuesOrEmpty().size();
  }
}
