package dev.pitboss.crds.agones;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;

/**
 * {@code autoscaling.agones.dev/v1 FleetAutoscaler}. We use the List policy: keep a buffer of free
 * table slots across the fleet, so new tables are placed without waiting for a pod.
 */
@Group("autoscaling.agones.dev")
@Version("v1")
public class FleetAutoscaler extends CustomResource<FleetAutoscaler.Spec, FleetAutoscaler.Status>
    implements Namespaced {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Spec(
      String fleetName,
      Policy policy,
      Sync sync,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public Spec {
      unknown = Unknown.orEmpty(unknown);
    }

    public Spec(String fleetName, Policy policy, Sync sync) {
      this(fleetName, policy, sync, null);
    }
  }

  /** {@code type} is List here; Agones also knows Buffer, Counter, Webhook and others. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Policy(
      String type, ListPolicy list, @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public Policy {
      unknown = Unknown.orEmpty(unknown);
    }

    public Policy(String type, ListPolicy list) {
      this(type, list, null);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ListPolicy(
      String key,
      IntOrString bufferSize,
      Long minCapacity,
      Long maxCapacity,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public ListPolicy {
      unknown = Unknown.orEmpty(unknown);
    }

    public ListPolicy(String key, IntOrString bufferSize, Long minCapacity, Long maxCapacity) {
      this(key, bufferSize, minCapacity, maxCapacity, null);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Sync(
      String type,
      FixedInterval fixedInterval,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public Sync {
      unknown = Unknown.orEmpty(unknown);
    }

    public Sync(String type, FixedInterval fixedInterval) {
      this(type, fixedInterval, null);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FixedInterval(
      Integer seconds, @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public FixedInterval {
      unknown = Unknown.orEmpty(unknown);
    }

    public FixedInterval(Integer seconds) {
      this(seconds, null);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Status(
      Integer currentReplicas,
      Integer desiredReplicas,
      Boolean ableToScale,
      @JsonAnySetter @JsonAnyGetter Map<String, Object> unknown) {
    public Status {
      unknown = Unknown.orEmpty(unknown);
    }
  }
}
