package dev.pitboss.crds.agones;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * {@code autoscaling.agones.dev/v1 FleetAutoscaler}. We use the List policy: keep a buffer of free
 * table slots across the fleet, so new tables are placed without waiting for a pod.
 */
@Group("autoscaling.agones.dev")
@Version("v1")
public class FleetAutoscaler extends CustomResource<FleetAutoscaler.Spec, FleetAutoscaler.Status>
    implements Namespaced {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Spec(String fleetName, Policy policy, Sync sync) {}

  /** {@code type} is List here; Agones also knows Buffer, Counter, Webhook and others. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Policy(String type, ListPolicy list) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ListPolicy(
      String key, IntOrString bufferSize, Long minCapacity, Long maxCapacity) {}

  public record Sync(String type, FixedInterval fixedInterval) {}

  public record FixedInterval(Integer seconds) {}

  public record Status(Integer currentReplicas, Integer desiredReplicas, Boolean ableToScale) {}
}
