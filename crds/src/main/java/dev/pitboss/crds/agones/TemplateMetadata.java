package dev.pitboss.crds.agones;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** The labels and annotations Agones copies onto what it creates or allocates. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TemplateMetadata(
    Map<String, String> labels,
    Map<String, String> annotations,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
  public TemplateMetadata {
    unknown = Unknown.orEmpty(unknown);
  }

  public TemplateMetadata(Map<String, String> labels, Map<String, String> annotations) {
    this(labels, annotations, null);
  }
}
