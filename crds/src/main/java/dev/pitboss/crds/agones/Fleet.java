package dev.pitboss.crds.agones;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** {@code agones.dev/v1 Fleet}: a set of warm game servers of one template. */
@Group(Agones.GROUP)
@Version("v1")
public class Fleet extends CustomResource<Fleet.Spec, Fleet.Status> implements Namespaced {

  /** {@code scheduling} is Packed or Distributed; Packed keeps nodes full for high density. */
  public record Spec(Integer replicas, String scheduling, GameServerTemplate template) {}

  public record Status(Integer replicas, Integer readyReplicas, Integer allocatedReplicas) {}

  public record GameServerTemplate(TemplateMetadata metadata, GameServer.Spec spec) {}
}
