package dev.pitboss.operator;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on our resources ({@code kubectl describe table x}). Best effort: a failed
 * event is logged, never fails a reconcile. A repeat of the same event on the same object (a
 * condition that persists across reconciles, e.g. NoCapacity) raises the first Event's {@code
 * count} and {@code lastTimestamp} instead of adding one Event per reconcile, as kubelet's event
 * recorder does.
 */
final class Events {
  private static final Logger log = LoggerFactory.getLogger(Events.class);
  static final String COMPONENT = "pitboss-operator";

  /** How long a repeat is folded into the first Event; after that a new Event starts. */
  static final Duration AGGREGATION_WINDOW = Duration.ofMinutes(10);

  private static final int MAX_TRACKED = 10_000;

  private record Recorded(String namespace, String name, Instant first, int count) {}

  private final KubernetesClient client;
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, Recorded> recent = new ConcurrentHashMap<>();

  Events(KubernetesClient client) {
    this.client = client;
  }

  void normal(HasMetadata about, String reason, String message) {
    record(about, "Normal", reason, message);
  }

  void warning(HasMetadata about, String reason, String message) {
    record(about, "Warning", reason, message);
  }

  private void record(HasMetadata about, String type, String reason, String message) {
    var meta = about.getMetadata();
    var key = meta.getUid() + "\n" + type + "\n" + reason + "\n" + message;
    var previous = recent.get(key);
    var at = Instant.now();
    if (previous != null && previous.first().plus(AGGREGATION_WINDOW).isAfter(at)) {
      if (repeat(previous, at)) {
        recent.put(
            key,
            new Recorded(
                previous.namespace(), previous.name(), previous.first(), previous.count() + 1));
        return;
      }
    }
    if (recent.size() >= MAX_TRACKED) recent.clear();
    var name = create(about, type, reason, message, at);
    if (name != null) recent.put(key, new Recorded(meta.getNamespace(), name, at, 1));
  }

  /** Raises the count of an Event recorded before; false if it is gone (expired or deleted). */
  private boolean repeat(Recorded previous, Instant at) {
    var patch =
        Serialization.asJson(Map.of("count", previous.count() + 1, "lastTimestamp", at.toString()));
    try {
      // On an object naming the Event: by name, fabric8 would GET it before patching.
      var event =
          new EventBuilder()
              .withNewMetadata()
              .withName(previous.name())
              .withNamespace(previous.namespace())
              .endMetadata()
              .build();
      client.resource(event).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        log.warn("could not update event {}: {}", previous.name(), e.getMessage());
        return true;
      }
      return false;
    }
  }

  private String create(HasMetadata about, String type, String reason, String message, Instant at) {
    var meta = about.getMetadata();
    var now = at.toString();
    var name =
        meta.getName() + "." + Long.toHexString(System.nanoTime()) + sequence.incrementAndGet();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(meta.getNamespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(about.getApiVersion())
            .withKind(about.getKind())
            .withName(meta.getName())
            .withNamespace(meta.getNamespace())
            .withUid(meta.getUid())
            .withResourceVersion(meta.getResourceVersion())
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .build();
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
      return name;
    } catch (KubernetesClientException e) {
      log.warn("could not record event {} on {}: {}", reason, meta.getName(), e.getMessage());
      return null;
    }
  }
}
