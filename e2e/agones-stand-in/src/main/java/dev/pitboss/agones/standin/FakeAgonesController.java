package dev.pitboss.agones.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.pitboss.crds.agones.Agones;
import dev.pitboss.crds.agones.AgonesList;
import dev.pitboss.crds.agones.Fleet;
import dev.pitboss.crds.agones.FleetAutoscaler;
import dev.pitboss.crds.agones.GameServer;
import dev.pitboss.crds.agones.GameServerAllocation;
import dev.pitboss.testbed.CertificateAuthority;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A stand-in for the Agones controller and allocator at the tier where no Agones runs. It behaves
 * as Agones does on the wire:
 *
 * <ul>
 *   <li>allocations through an aggregated API: the APIService {@code v1.allocation.agones.dev} from
 *       the Agones release, its Service of type ExternalName pointing at {@code localhost}, where
 *       this class serves HTTPS. A POST is answered synchronously (201, the answer in {@code
 *       status}, no name unless Allocated); GET and DELETE of an allocation are 404, since Agones
 *       stores none;
 *   <li>what Agones' webhooks default: a Fleet's {@code strategy}, a GameServer's {@code health},
 *       {@code sdkServer}, {@code ports[].container} and a {@code hostPort} for Dynamic ports;
 *   <li>Fleets keep enough Ready GameServers for their replicas and their autoscaler's table buffer
 *       (no pods), and an allocation copies its metadata onto the GameServer it picks.
 * </ul>
 *
 * A test can seat and unseat players as a game server would through the SDK.
 */
public final class FakeAgonesController implements AutoCloseable {
  public static final String WEBHOOK_MANAGER = "agones-webhook-stand-in";
  public static final String ALLOCATION_PATH = "/apis/allocation.agones.dev/v1";

  /** The Agones Lists Pitboss keeps on a GameServer: table ids, and seated players. */
  static final String TABLES = "tables";

  static final String PLAYERS = "players";

  /** The annotation that makes a GameServer a development one, at this address, without a pod. */
  static final String DEV_ADDRESS = "agones.dev/dev-address";

  static final String SDK_VERSION = "agones.dev/sdk-version";

  private final KubernetesClient client;
  private final Thread loop;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final HttpsServer https;

  /**
   * A thread per request: the API server's availability probe of the APIService must never wait
   * behind queued allocations, or the aggregator marks the API unavailable and answers 503.
   */
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

  private final Object allocating = new Object();
  private final AtomicInteger contendNext = new AtomicInteger();
  private final AtomicInteger nextHostPort = new AtomicInteger(7000);
  private volatile boolean noNewServers;

  public FakeAgonesController(KubernetesClient client) {
    this.client = client;
    try {
      https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      https.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot serve the allocation API", e);
    }
    https.createContext("/", this::handle);
    https.setExecutor(handlers);
    https.start();
    // The APIService exactly as Agones ships it, pointing at this server, without its CA bundle.
    AgonesRelease.registerAllocationApi(
        client, https.getAddress().getPort(), java.time.Duration.ofSeconds(60));
    informer =
        client
            .resources(GameServer.class)
            .inAnyNamespace()
            .inform(
                new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GameServer server) {
                    remember(server);
                  }

                  @Override
                  public void onUpdate(GameServer old, GameServer server) {
                    remember(server);
                  }

                  @Override
                  public void onDelete(GameServer server, boolean unknownFinalState) {
                    cache.remove(key(server));
                  }
                });
    loop = Thread.ofPlatform().daemon().name("fake-agones").start(this::run);
  }

  /** Simulates a fleet at its autoscaler's maxCapacity: no more game servers are started. */
  public void stopScaling() {
    noNewServers = true;
  }

  public void resumeScaling() {
    noNewServers = false;
  }

  /** The next {@code count} allocations are answered {@code Contention}, as under a race. */
  public void contendNext(int count) {
    contendNext.set(count);
  }

  // ---- the aggregated allocation API ----

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      var path = exchange.getRequestURI().getPath();
      var method = exchange.getRequestMethod();
      if (path.equals(ALLOCATION_PATH) && method.equals("GET")) {
        respond(exchange, 200, RESOURCE_LIST);
        return;
      }
      var parts = path.substring(Math.min(path.length(), ALLOCATION_PATH.length())).split("/");
      // /namespaces/<ns>/gameserverallocations
      boolean collection =
          path.startsWith(ALLOCATION_PATH + "/namespaces/")
              && parts.length == 4
              && parts[3].equals("gameserverallocations");
      if (!collection) {
        respond(exchange, 404, status(404, "NotFound", "the server could not find " + path));
        return;
      }
      if (!method.equals("POST")) {
        respond(exchange, 405, status(405, "MethodNotAllowed", "Method not supported"));
        return;
      }
      var request =
          Serialization.unmarshal(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
              GameServerAllocation.class);
      request.getMetadata().setNamespace(parts[2]);
      respond(exchange, 201, Serialization.asJson(allocate(request)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      respond(exchange, 503, status(503, "ServiceUnavailable", "the allocator is stopping"));
    } catch (RuntimeException e) {
      respond(exchange, 500, status(500, "InternalError", String.valueOf(e.getMessage())));
    }
  }

  private static final String RESOURCE_LIST =
      """
      {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"allocation.agones.dev/v1",
       "resources":[{"name":"gameserverallocations","singularName":"gameserverallocation",
         "namespaced":true,"kind":"GameServerAllocation","verbs":["create"]}]}
      """;

  private static String status(int code, String reason, String message) {
    return Serialization.asJson(
        Map.of(
            "kind",
            "Status",
            "apiVersion",
            "v1",
            "status",
            "Failure",
            "message",
            message,
            "reason",
            reason,
            "code",
            code));
  }

  private static void respond(HttpExchange exchange, int code, String body) throws IOException {
    var bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  /**
   * The game servers as Agones' allocator sees them: an informer's cache, to which the stand-in's
   * own writes are added at once (the newer resourceVersion wins).
   */
  private final Map<String, GameServer> cache = new java.util.concurrent.ConcurrentHashMap<>();

  private final io.fabric8.kubernetes.client.informers.SharedIndexInformer<GameServer> informer;

  private static String key(GameServer server) {
    return server.getMetadata().getNamespace() + "/" + server.getMetadata().getName();
  }

  private void remember(GameServer server) {
    cache.merge(key(server), server, (old, now) -> version(now) >= version(old) ? now : old);
  }

  private static long version(GameServer server) {
    return Long.parseLong(server.getMetadata().getResourceVersion());
  }

  /**
   * Values chosen for a game server whose write is still on its way, by server key; guarded by
   * {@link #allocating}. Choices see them, so two allocations in flight never over-fill a server.
   */
  private final Map<String, Map<String, List<String>>> inFlight = new HashMap<>();

  /**
   * Choices one at a time, as Agones' allocator serialises them on its cache; the writes run in
   * parallel, as Agones' update workers do, each a JSON Patch that appends to the server's lists
   * (an append needs no resourceVersion, so allocations to one server do not conflict).
   */
  private GameServerAllocation allocate(GameServerAllocation request) throws InterruptedException {
    if (contendNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return answer(request, GameServerAllocation.CONTENTION, null);
    }
    var namespace = request.getMetadata().getNamespace();
    var spec = request.getSpec();
    for (int attempt = 0; attempt < 10; attempt++) {
      GameServer chosen;
      Map<String, List<String>> adds;
      synchronized (allocating) {
        var choice = Optional.<GameServer>empty();
        while (true) {
          var servers =
              cache.values().stream()
                  .filter(s -> namespace.equals(s.getMetadata().getNamespace()))
                  .map(this::withInFlight)
                  .toList();
          choice = choose(spec, servers);
          // No room now, but a write in flight may fail and free its slot: wait for it.
          if (choice.isPresent() || inFlight.isEmpty()) break;
          allocating.wait();
        }
        if (choice.isEmpty()) break;
        chosen = choice.get();
        adds = listAdds(chosen, spec);
        var reserved = inFlight.computeIfAbsent(key(chosen), k -> new HashMap<>());
        adds.forEach((list, values) -> reserved.merge(list, values, FakeAgonesController::concat));
      }
      try {
        // On the object, not by name: fabric8 would GET a named resource before patching it.
        var allocated =
            client
                .resource(chosen)
                .patch(PatchContext.of(PatchType.JSON), allocationPatch(chosen, spec, adds));
        remember(allocated);
        return answer(request, GameServerAllocation.ALLOCATED, allocated);
      } catch (KubernetesClientException e) {
        // 404: the server went; 422: a list or map the patch appends to was not there after all.
        if (e.getCode() != 404 && e.getCode() != 422) throw e;
        var meta = chosen.getMetadata();
        var fresh =
            client
                .resources(GameServer.class)
                .inNamespace(meta.getNamespace())
                .withName(meta.getName())
                .get();
        if (fresh == null) cache.remove(key(chosen));
        else remember(fresh);
      } finally {
        synchronized (allocating) {
          var reserved = inFlight.get(key(chosen));
          adds.forEach(
              (list, values) -> {
                var left = new ArrayList<>(reserved.getOrDefault(list, List.of()));
                values.forEach(left::remove);
                if (left.isEmpty()) reserved.remove(list);
                else reserved.put(list, List.copyOf(left));
              });
          if (reserved.isEmpty()) inFlight.remove(key(chosen));
          allocating.notifyAll();
        }
      }
    }
    return answer(request, GameServerAllocation.UNALLOCATED, null);
  }

  private static List<String> concat(List<String> a, List<String> b) {
    var all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }

  /** The server as the allocator sees it: with the values and state of writes in flight. */
  private GameServer withInFlight(GameServer server) {
    var reserved = inFlight.get(key(server));
    if (reserved == null) return server;
    var status = server.getStatus().withState(Agones.STATE_ALLOCATED);
    for (var entry : reserved.entrySet()) {
      var list = status.list(entry.getKey());
      status =
          status.withList(
              entry.getKey(),
              new AgonesList(
                  list.capacity(), concat(list.valuesOrEmpty(), entry.getValue()), list.unknown()));
    }
    var copy = new GameServer();
    copy.setMetadata(server.getMetadata());
    copy.setSpec(server.getSpec());
    copy.setStatus(status);
    return copy;
  }

  /** The values the allocation adds to each list of the chosen server, within its capacity. */
  private static Map<String, List<String>> listAdds(
      GameServer server, GameServerAllocation.Spec spec) {
    var adds = new HashMap<String, List<String>>();
    if (spec.lists() == null) return adds;
    spec.lists()
        .forEach(
            (key, action) -> {
              if (action.deleteValues() != null && !action.deleteValues().isEmpty()) {
                throw new UnsupportedOperationException(
                    "the stand-in does not delete list values on allocation");
              }
              if (action.addValues() == null) return;
              var list = server.getStatus().list(key);
              var values = new ArrayList<>(list.valuesOrEmpty());
              var added = new ArrayList<String>();
              for (var v : action.addValues()) {
                if (!values.contains(v) && values.size() < list.capacity()) {
                  values.add(v);
                  added.add(v);
                }
              }
              if (!added.isEmpty()) adds.put(key, List.copyOf(added));
            });
    return adds;
  }

  /**
   * A JSON Patch applying the allocation: list appends, the allocation's labels and annotations,
   * state Allocated. A list without values yet gets them whole, after a test that it has none
   * (another write in flight may create it first: then the patch fails and is chosen again).
   */
  private static String allocationPatch(
      GameServer chosen, GameServerAllocation.Spec spec, Map<String, List<String>> adds) {
    var ops = new ArrayList<Map<String, Object>>();
    var status = chosen.getStatus();
    adds.forEach(
        (key, values) -> {
          var path = "/status/lists/" + pointer(key) + "/values";
          if (status.list(key).values() == null) {
            ops.add(Map.of("op", "add", "path", path, "value", values));
          } else {
            values.forEach(v -> ops.add(Map.of("op", "add", "path", path + "/-", "value", v)));
          }
        });
    var meta = spec.metadata();
    if (meta != null) {
      addAll(ops, "/metadata/labels", chosen.getMetadata().getLabels(), meta.labels());
      addAll(
          ops, "/metadata/annotations", chosen.getMetadata().getAnnotations(), meta.annotations());
    }
    ops.add(Map.of("op", "replace", "path", "/status/state", "value", Agones.STATE_ALLOCATED));
    return Serialization.asJson(ops);
  }

  /**
   * Adds each entry under {@code path}. A map the server does not have yet is added whole: a
   * concurrent allocation's entries could be replaced then, but every server this stand-in creates
   * has labels and annotations from the start, as Agones' do.
   */
  private static void addAll(
      List<Map<String, Object>> ops,
      String path,
      Map<String, String> have,
      Map<String, String> add) {
    if (add == null || add.isEmpty()) return;
    if (have == null || have.isEmpty()) {
      ops.add(Map.of("op", "add", "path", path, "value", add));
      return;
    }
    add.forEach(
        (k, v) -> ops.add(Map.of("op", "add", "path", path + "/" + pointer(k), "value", v)));
  }

  /** A JSON Pointer reference token (RFC 6901). */
  private static String pointer(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static GameServerAllocation answer(
      GameServerAllocation request, String state, GameServer server) {
    var answer = new GameServerAllocation();
    var meta = request.getMetadata();
    meta.setCreationTimestamp(java.time.Instant.now().toString());
    if (server != null) meta.setName(server.getMetadata().getName());
    answer.setMetadata(meta);
    answer.setSpec(request.getSpec());
    answer.setStatus(
        server == null
            ? new GameServerAllocation.Status(state, null, null, null, null, null)
            : new GameServerAllocation.Status(
                state,
                server.getMetadata().getName(),
                server.getStatus().ports(),
                server.getStatus().address(),
                server.getStatus().nodeName(),
                "local"));
    return answer;
  }

  private static Optional<GameServer> choose(
      GameServerAllocation.Spec spec, List<GameServer> servers) {
    for (var selector : spec.selectors()) {
      var state =
          selector.gameServerState() == null ? Agones.STATE_READY : selector.gameServerState();
      var candidates = new ArrayList<GameServer>();
      for (var server : servers) {
        var labels = server.getMetadata().getLabels();
        boolean labelsMatch =
            selector.matchLabels() == null
                || selector.matchLabels().entrySet().stream()
                    .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        boolean stateMatches =
            server.getStatus() != null && state.equals(server.getStatus().state());
        boolean listsMatch =
            selector.lists() == null
                || selector.lists().entrySet().stream()
                    .allMatch(
                        e -> {
                          var list = server.getStatus().list(e.getKey());
                          var want = e.getValue();
                          return (want.minAvailable() == null
                                  || list.available() >= want.minAvailable())
                              && (want.containsValue() == null
                                  || list.valuesOrEmpty().contains(want.containsValue()));
                        });
        if (labelsMatch && stateMatches && listsMatch) candidates.add(server);
      }
      if (spec.priorities() != null) {
        for (var priority : spec.priorities().reversed()) {
          Comparator<GameServer> byAvailable =
              Comparator.comparingLong(s -> s.getStatus().list(priority.key()).available());
          candidates.sort(
              "Descending".equals(priority.order()) ? byAvailable.reversed() : byAvailable);
        }
      }
      if (!candidates.isEmpty()) return Optional.of(candidates.getFirst());
    }
    return Optional.empty();
  }

  // ---- the controller: fleets, game servers, webhook defaults ----

  private void run() {
    while (running.get()) {
      try {
        scaleFleets();
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (!running.get()) return;
        // A conflict or a vanished object: the next pass sees the new state.
        if (!(e instanceof KubernetesClientException)) e.printStackTrace();
      }
    }
  }

  private void scaleFleets() {
    var fleets = client.resources(Fleet.class).inAnyNamespace().list().getItems();
    // The informer's cache with the stand-in's own writes, as Agones' controllers read theirs.
    var servers = List.copyOf(cache.values());
    for (var fleet : fleets) {
      defaultFleet(fleet);
      var ns = fleet.getMetadata().getNamespace();
      var name = fleet.getMetadata().getName();
      var mine =
          servers.stream()
              .filter(s -> name.equals(s.getMetadata().getLabels().get(Agones.FLEET_LABEL)))
              .filter(s -> ns.equals(s.getMetadata().getNamespace()))
              .toList();
      var scaler = client.resources(FleetAutoscaler.class).inNamespace(ns).withName(name).get();
      long buffer = scaler == null ? 0 : scaler.getSpec().policy().list().bufferSize().getIntVal();
      long free = mine.stream().mapToLong(s -> s.getStatus().list(TABLES).available()).sum();
      int count = mine.size();
      int wanted = fleet.getSpec().replicas() == null ? 0 : fleet.getSpec().replicas();
      while (!noNewServers && (count < wanted || free < buffer)) {
        createServer(fleet);
        free += fleet.getSpec().template().spec().lists().get(TABLES).capacity();
        count++;
      }
    }
    // A deleted Fleet takes its GameServers with it.
    for (var server : servers) {
      var fleet = server.getMetadata().getLabels().get(Agones.FLEET_LABEL);
      boolean orphan =
          fleets.stream()
              .noneMatch(
                  f ->
                      f.getMetadata().getName().equals(fleet)
                          && f.getMetadata()
                              .getNamespace()
                              .equals(server.getMetadata().getNamespace()));
      if (orphan) client.resource(server).delete();
    }
  }

  /**
   * What Agones' mutating webhook adds to a Fleet the operator wrote: the update strategy and the
   * GameServer defaults. A write that dropped them would be refused by the real validating webhook
   * ({@code spec.strategy.type: Unsupported value: ""}).
   */
  private void defaultFleet(Fleet fleet) {
    if (fleet.getSpec().unknown().containsKey("strategy")) return;
    var patch =
        Map.of(
            "spec",
            Map.of(
                "strategy",
                Map.of(
                    "type",
                    "RollingUpdate",
                    "rollingUpdate",
                    Map.of("maxSurge", "25%", "maxUnavailable", "25%")),
                "template",
                Map.of("spec", serverDefaults())));
    client
        .resources(Fleet.class)
        .inNamespace(fleet.getMetadata().getNamespace())
        .withName(fleet.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
  }

  private static Map<String, Object> serverDefaults() {
    var defaults = new LinkedHashMap<String, Object>();
    defaults.put(
        "health",
        Map.of(
            "disabled",
            false,
            "periodSeconds",
            5,
            "failureThreshold",
            3,
            "initialDelaySeconds",
            5));
    defaults.put("sdkServer", Map.of("logLevel", "Info", "grpcPort", 9357, "httpPort", 9358));
    defaults.put("scheduling", "Packed");
    return defaults;
  }

  private void createServer(Fleet fleet) {
    var template = fleet.getSpec().template();
    var labels = new HashMap<String, String>();
    var annotations = new HashMap<String, String>();
    if (template.metadata() != null) {
      if (template.metadata().labels() != null) labels.putAll(template.metadata().labels());
      if (template.metadata().annotations() != null) {
        annotations.putAll(template.metadata().annotations());
      }
    }
    labels.put(Agones.FLEET_LABEL, fleet.getMetadata().getName());
    // As Agones' controller stamps every GameServer it creates.
    annotations.put(SDK_VERSION, AgonesRelease.VERSION);
    var server = new GameServer();
    server.setMetadata(
        new ObjectMetaBuilder()
            .withGenerateName(fleet.getMetadata().getName() + "-")
            .withNamespace(fleet.getMetadata().getNamespace())
            .withLabels(labels)
            .withAnnotations(annotations)
            .build());
    var spec = template.spec();
    var ports = new ArrayList<GameServer.Port>();
    var statusPorts = new ArrayList<GameServer.StatusPort>();
    for (var port : spec.ports()) {
      int hostPort = port.hostPort() != null ? port.hostPort() : nextHostPort.getAndIncrement();
      var extra = new LinkedHashMap<>(port.unknown());
      extra.put("container", spec.container());
      ports.add(
          new GameServer.Port(
              port.name(),
              port.portPolicy(),
              port.containerPort(),
              hostPort,
              port.protocol(),
              extra));
      statusPorts.add(new GameServer.StatusPort(port.name(), hostPort));
    }
    var specExtra = new LinkedHashMap<>(spec.unknown());
    specExtra.putAll(serverDefaults());
    server.setSpec(
        new GameServer.Spec(
            spec.container(), ports, spec.counters(), spec.lists(), spec.template(), specExtra));
    var lists = new HashMap<String, AgonesList>();
    spec.lists().forEach((k, v) -> lists.put(k, new AgonesList(v.capacity(), List.of())));
    var address = annotations.getOrDefault(DEV_ADDRESS, "127.0.0.1");
    server.setStatus(
        new GameServer.Status(
            Agones.STATE_READY,
            address,
            statusPorts,
            "node-0",
            null,
            lists,
            Map.of(
                "addresses",
                List.of(Map.of("type", "InternalIP", "address", address)),
                "immutableReplicas",
                1)));
    remember(client.resource(server).create());
  }

  // ---- what a game server does through the SDK ----

  /** A player sits down: ListAppend players. */
  public void seat(String namespace, String tableId, int seat) {
    editPlayers(namespace, tableId, values -> values.add(tableId + "#" + seat));
  }

  public void unseat(String namespace, String tableId, int seat) {
    editPlayers(namespace, tableId, values -> values.remove(tableId + "#" + seat));
  }

  private void editPlayers(String namespace, String tableId, Consumer<List<String>> edit) {
    for (int attempt = 0; ; attempt++) {
      var server =
          hostOf(namespace, tableId)
              .orElseThrow(() -> new IllegalStateException("no game server hosts " + tableId));
      var status = server.getStatus();
      var players = status.list(PLAYERS);
      var values = new ArrayList<>(players.valuesOrEmpty());
      edit.accept(values);
      server.setStatus(
          status.withList(PLAYERS, new AgonesList(players.capacity(), List.copyOf(values))));
      try {
        client.resource(server).update();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt > 20) throw e;
      }
    }
  }

  /**
   * What a lost allocation answer followed by a retry leaves behind: {@code tableId} also on
   * another game server of the same Fleet (created if there is none). Returns that server's name.
   */
  public String placeElsewhere(String namespace, String tableId, String except) {
    var host = client.resources(GameServer.class).inNamespace(namespace).withName(except).get();
    var fleet = host.getMetadata().getLabels().get(Agones.FLEET_LABEL);
    for (int attempt = 0; ; attempt++) {
      var other =
          client.resources(GameServer.class).inNamespace(namespace).list().getItems().stream()
              .filter(s -> fleet.equals(s.getMetadata().getLabels().get(Agones.FLEET_LABEL)))
              .filter(s -> !s.getMetadata().getName().equals(except))
              .findFirst();
      if (other.isEmpty()) {
        createServer(client.resources(Fleet.class).inNamespace(namespace).withName(fleet).get());
        continue;
      }
      var server = other.get();
      var status = server.getStatus();
      var tables = status.list(TABLES);
      var values = new ArrayList<>(tables.valuesOrEmpty());
      values.add(tableId);
      server.setStatus(
          status
              .withList(
                  TABLES, new AgonesList(tables.capacity(), List.copyOf(values), tables.unknown()))
              .withState(Agones.STATE_ALLOCATED));
      try {
        client.resource(server).update();
        return server.getMetadata().getName();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt > 20) throw e;
      }
    }
  }

  public Optional<GameServer> hostOf(String namespace, String tableId) {
    return client.resources(GameServer.class).inNamespace(namespace).list().getItems().stream()
        .filter(
            s ->
                s.getStatus() != null
                    && s.getStatus().list(TABLES).valuesOrEmpty().contains(tableId))
        .findFirst();
  }

  public Map<String, List<String>> tablesByServer(String namespace) {
    var result = new HashMap<String, List<String>>();
    for (var s : client.resources(GameServer.class).inNamespace(namespace).list().getItems()) {
      if (s.getStatus() != null)
        result.put(s.getMetadata().getName(), s.getStatus().list(TABLES).valuesOrEmpty());
    }
    return result;
  }

  // ---- TLS ----

  /**
   * A throw-away certificate for localhost from a CA of this run; the API server does not verify it
   * (the APIService is registered without a CA bundle, see {@link
   * AgonesRelease#registerAllocationApi}).
   */
  private static SSLContext serverContext() throws IOException {
    var dir = Files.createTempDirectory("fake-agones-tls");
    try {
      return CertificateAuthority.create(dir, "agones-stand-in", Clock.systemUTC())
          .serverContext("allocation", "localhost", "127.0.0.1");
    } finally {
      try (var files = Files.list(dir)) {
        for (var file : files.toList()) Files.delete(file);
      }
      Files.delete(dir);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    loop.interrupt();
    loop.join(5_000);
    https.stop(0);
    informer.close();
    handlers.shutdownNow();
  }
}
