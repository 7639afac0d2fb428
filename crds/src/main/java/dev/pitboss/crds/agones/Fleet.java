package dev.pitboss.crds.agones;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;

/** {@code agones.dev/v1 Fleet}: a set of warm game servers of one template. */
@Group(Agones.GROUP)
@Version("v1")
public class Fleet extends CustomResource<Fleet.Spec, Fleet.Status> implements Namespaced {

  /**
   * {@code scheduling} is Packed or Distributed; Packed keeps nodes full for high density. {@code
   * strategy}, {@code priorities} and whatever else Agones defaults stay in {@code unknown}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Spec(
      Integer replicas,
      String scheduling,
      GameServerTemplate template,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public Spec {
      unknown = Unknown.orEmpty(unknown);
    }

    public Spec(Integer replicas, String scheduling, GameServerTemplate template) {
      this(replicas, scheduling, template, null);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Status(
      Integer replicas,
      Integer readyReplicas,
      Integer allocatedReplicas,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public Status {
      unknown = Unknown.orEmpty(unknown);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GameServerTemplate(
      TemplateMetadata metadata,
      GameServer.Spec spec,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public GameServerTemplate {
      unknown = Unknown.orEmpty(unknown);
    }

    public GameServerTemplate(TemplateMetadata metadata, GameServer.Spec spec) {
      this(metadata, spec, null);
    }
  }
}
