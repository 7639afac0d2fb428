package dev.pitboss.crds.agones;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An Agones List: a bounded set of string values, e.g. the tables a game server hosts. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgonesList(Long capacity, List<String> values) {

  public List<String> valuesOrEmpty() {
    return values == null ? List.of() : values;
  }

  public long available() {
    return (capacity == null ? 0 : capacity) - valuesOrEmpty().size();
  }
}
