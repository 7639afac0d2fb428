package dev.pitboss.agones.sdk;

import agones.dev.sdk.Sdk;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable view of this pod's GameServer as the Agones SDK server reports it, so callers never
 * handle the generated protobuf types.
 *
 * @param name the GameServer's name
 * @param namespace its namespace
 * @param state {@code status.state}: Scheduled, RequestReady, Ready, Reserved, Allocated,
 *     Unhealthy, Shutdown (see {@link #STATE_READY} and its siblings)
 * @param labels every label, including those set through the SDK ({@code agones.dev/sdk-} prefix)
 * @param annotations every annotation, including those set through the SDK and by allocations
 * @param address {@code status.address}, the address players connect to
 * @param ports {@code status.ports} in the order Agones gives them
 * @param lists {@code status.lists} by name
 * @param counters {@code status.counters} by name
 */
public record GameServerView(
    String name,
    String namespace,
    String state,
    Map<String, String> labels,
    Map<String, String> annotations,
    String address,
    List<Port> ports,
    Map<String, AgonesList> lists,
    Map<String, AgonesCounter> counters) {

  public static final String STATE_SCHEDULED = "Scheduled";
  public static final String STATE_REQUEST_READY = "RequestReady";
  public static final String STATE_READY = "Ready";
  public static final String STATE_RESERVED = "Reserved";
  public static final String STATE_ALLOCATED = "Allocated";
  public static final String STATE_UNHEALTHY = "Unhealthy";
  public static final String STATE_SHUTDOWN = "Shutdown";

  /** The prefix Agones puts before every label and annotation key set through the SDK. */
  public static final String SDK_METADATA_PREFIX = "agones.dev/sdk-";

  /** One entry of {@code status.ports}. */
  public record Port(String name, int port) {
    public Port {
      Objects.requireNonNull(name, "name");
    }
  }

  public GameServerView {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(address, "address");
    labels = sorted(labels);
    annotations = sorted(annotations);
    ports = List.copyOf(ports);
    lists = sorted(lists);
    counters = sorted(counters);
  }

  public Optional<AgonesList> list(String listName) {
    return Optional.ofNullable(lists.get(listName));
  }

  public Optional<AgonesCounter> counter(String counterName) {
    return Optional.ofNullable(counters.get(counterName));
  }

  public Optional<Port> port(String portName) {
    return ports.stream().filter(p -> p.name().equals(portName)).findFirst();
  }

  /** A label set through {@link AgonesSdk#setLabel}, looked up by the key given there. */
  public Optional<String> sdkLabel(String key) {
    return Optional.ofNullable(labels.get(SDK_METADATA_PREFIX + key));
  }

  /**
   * An annotation set through {@link AgonesSdk#setAnnotation}, looked up by the key given there.
   */
  public Optional<String> sdkAnnotation(String key) {
    return Optional.ofNullable(annotations.get(SDK_METADATA_PREFIX + key));
  }

  static GameServerView of(Sdk.GameServer gs) {
    Sdk.GameServer.ObjectMeta meta = gs.getObjectMeta();
    Sdk.GameServer.Status status = gs.getStatus();
    Map<String, AgonesList> lists = new LinkedHashMap<>();
    status
        .getListsMap()
        .forEach((k, v) -> lists.put(k, new AgonesList(k, v.getCapacity(), v.getValuesList())));
    Map<String, AgonesCounter> counters = new LinkedHashMap<>();
    status
        .getCountersMap()
        .forEach((k, v) -> counters.put(k, new AgonesCounter(k, v.getCount(), v.getCapacity())));
    return new GameServerView(
        meta.getName(),
        meta.getNamespace(),
        status.getState(),
        meta.getLabelsMap(),
        meta.getAnnotationsMap(),
        status.getAddress(),
        status.getPortsList().stream().map(p -> new Port(p.getName(), p.getPort())).toList(),
        lists,
        counters);
  }

  private static <V> Map<String, V> sorted(Map<String, V> map) {
    return Collections.unmodifiableMap(new TreeMap<>(map));
  }
}
