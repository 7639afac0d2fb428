package dev.pitboss.operator;

import dev.pitboss.crds.agones.Agones;
import dev.pitboss.crds.agones.AgonesList;
import dev.pitboss.crds.agones.Fleet;
import dev.pitboss.crds.agones.FleetAutoscaler;
import dev.pitboss.crds.agones.GameServer;
import dev.pitboss.crds.agones.GameServerAllocation;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Plays Agones' part at this test tier, where no Agones controller runs: keeps each Fleet's
 * GameServers (created Ready, enough of them for the FleetAutoscaler's table buffer), answers
 * GameServerAllocations by the selectors, priorities and list actions, and lets a test seat and
 * unseat players as a game server would through the SDK. The e2e tier runs the real Agones.
 */
final class FakeAgonesController implements AutoCloseable {
  private final KubernetesClient client;
  private final Thread loop;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private volatile boolean noNewServers;
  private final java.util.concurrent.ExecutorService replies =
      java.util.concurrent.Executors.newFixedThreadPool(4);

  /** Answered but maybe not yet written back: never answer an allocation twice. */
  private final java.util.Set<String> answered =
      java.util.Collections.newSetFromMap(new java.util.concurrent.ConcurrentHashMap<>());

  private void answered(String uid) {
    answered.add(uid);
  }

  private boolean isAnswered(String uid) {
    return answered.contains(uid);
  }

  FakeAgonesController(KubernetesClient client) {
    this.client = client;
    loop = Thread.ofPlatform().daemon().name("fake-agones").start(this::run);
  }

  /** Simulates a fleet at its autoscaler's maxCapacity: no more game servers are started. */
  void stopScaling() {
    noNewServers = true;
  }

  void resumeScaling() {
    noNewServers = false;
  }

  private void run() {
    while (running.get()) {
      try {
        scaleFleets();
        // Busy: go again at once. Idle: back off, so the fake does not load the API server.
        if (!answerAllocations()) Thread.sleep(50);
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
    var servers = client.resources(GameServer.class).inAnyNamespace().list().getItems();
    for (var fleet : fleets) {
      var ns = fleet.getMetadata().getNamespace();
      var name = fleet.getMetadata().getName();
      var mine =
          servers.stream()
              .filter(s -> name.equals(s.getMetadata().getLabels().get(Agones.FLEET_LABEL)))
              .filter(s -> ns.equals(s.getMetadata().getNamespace()))
              .toList();
      var scaler = client.resources(FleetAutoscaler.class).inNamespace(ns).withName(name).get();
      long buffer = scaler == null ? 0 : scaler.getSpec().policy().list().bufferSize().getIntVal();
      long free =
          mine.stream().mapToLong(s -> s.getStatus().list(GameServers.TABLES).available()).sum();
      int count = mine.size();
      int wanted = fleet.getSpec().replicas() == null ? 0 : fleet.getSpec().replicas();
      while (!noNewServers && (count < wanted || free < buffer)) {
        createServer(fleet, count);
        free += fleet.getSpec().template().spec().lists().get(GameServers.TABLES).capacity();
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

  private void createServer(Fleet fleet, int index) {
    var template = fleet.getSpec().template();
    var labels = new HashMap<String, String>();
    if (template.metadata() != null && template.metadata().labels() != null) {
      labels.putAll(template.metadata().labels());
    }
    labels.put(Agones.FLEET_LABEL, fleet.getMetadata().getName());
    var server = new GameServer();
    server.setMetadata(
        new ObjectMetaBuilder()
            .withName(
                fleet.getMetadata().getName()
                    + "-"
                    + index
                    + "-"
                    + Long.toHexString(System.nanoTime() & 0xfffff))
            .withNamespace(fleet.getMetadata().getNamespace())
            .withLabels(labels)
            .build());
    server.setSpec(template.spec());
    var created = client.resource(server).create();
    var lists = new HashMap<String, AgonesList>();
    template
        .spec()
        .lists()
        .forEach((k, v) -> lists.put(k, new AgonesList(v.capacity(), List.of())));
    created.setStatus(
        new GameServer.Status(
            Agones.STATE_READY,
            "127.0.0.1",
            List.of(new GameServer.StatusPort("game", 7000 + index)),
            "node-0",
            null,
            lists));
    client.resource(created).updateStatus();
  }

  private boolean answerAllocations() {
    boolean answered = false;
    // One list of game servers per namespace per pass, kept current after each allocation.
    var serversByNamespace = new HashMap<String, List<GameServer>>();
    for (var allocation :
        client.resources(GameServerAllocation.class).inAnyNamespace().list().getItems()) {
      if (allocation.getStatus() != null || isAnswered(allocation.getMetadata().getUid())) continue;
      var servers =
          serversByNamespace.computeIfAbsent(
              allocation.getMetadata().getNamespace(),
              ns ->
                  new ArrayList<>(
                      client.resources(GameServer.class).inNamespace(ns).list().getItems()));
      var chosen = choose(allocation, servers);
      GameServerAllocation.Status status;
      if (chosen.isEmpty()) {
        status =
            new GameServerAllocation.Status(
                GameServerAllocation.UNALLOCATED, null, null, null, null, "local");
      } else {
        var server = allocate(chosen.get(), allocation.getSpec());
        servers.replaceAll(
            s -> s.getMetadata().getName().equals(server.getMetadata().getName()) ? server : s);
        status =
            new GameServerAllocation.Status(
                GameServerAllocation.ALLOCATED,
                server.getMetadata().getName(),
                server.getStatus().ports(),
                server.getStatus().address(),
                server.getStatus().nodeName(),
                "local");
      }
      allocation.setStatus(status);
      answered = true;
      answered(allocation.getMetadata().getUid());
      // The game server is already updated (serially, as Agones does); the reply can go async.
      replies.execute(
          () -> {
            try {
              client.resource(allocation).updateStatus();
            } catch (KubernetesClientException e) {
              // 404: the requester gave up and deleted it; it re-reads the game servers anyway.
            }
          });
    }
    return answered;
  }

  private Optional<GameServer> choose(GameServerAllocation allocation, List<GameServer> servers) {
    var spec = allocation.getSpec();
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

  private GameServer allocate(GameServer server, GameServerAllocation.Spec spec) {
    var status = server.getStatus();
    var lists = new HashMap<>(status.lists());
    if (spec.lists() != null) {
      spec.lists()
          .forEach(
              (key, action) -> {
                var list = status.list(key);
                var values = new ArrayList<>(list.valuesOrEmpty());
                if (action.addValues() != null) {
                  for (var v : action.addValues()) {
                    if (!values.contains(v) && values.size() < list.capacity()) values.add(v);
                  }
                }
                if (action.deleteValues() != null) values.removeAll(action.deleteValues());
                lists.put(key, new AgonesList(list.capacity(), List.copyOf(values)));
              });
    }
    server.setStatus(
        new GameServer.Status(
            Agones.STATE_ALLOCATED,
            status.address(),
            status.ports(),
            status.nodeName(),
            status.counters(),
            lists));
    return client.resource(server).updateStatus();
  }

  /** What a game server does through the SDK when a player sits down: ListAppend players. */
  void seat(String namespace, String tableId, int seat) {
    editPlayers(namespace, tableId, values -> values.add(tableId + "#" + seat));
  }

  void unseat(String namespace, String tableId, int seat) {
    editPlayers(namespace, tableId, values -> values.remove(tableId + "#" + seat));
  }

  private void editPlayers(
      String namespace, String tableId, java.util.function.Consumer<List<String>> edit) {
    for (int attempt = 0; ; attempt++) {
      var server =
          client.resources(GameServer.class).inNamespace(namespace).list().getItems().stream()
              .filter(
                  s ->
                      s.getStatus() != null
                          && s.getStatus()
                              .list(GameServers.TABLES)
                              .valuesOrEmpty()
                              .contains(tableId))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no game server hosts " + tableId));
      var status = server.getStatus();
      var players = status.list(GameServers.PLAYERS);
      var values = new ArrayList<>(players.valuesOrEmpty());
      edit.accept(values);
      server.setStatus(
          status.withList(
              GameServers.PLAYERS, new AgonesList(players.capacity(), List.copyOf(values))));
      try {
        client.resource(server).updateStatus();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt > 20) throw e;
      }
    }
  }

  Map<String, List<String>> tablesByServer(String namespace) {
    var result = new HashMap<String, List<String>>();
    for (var s : client.resources(GameServer.class).inNamespace(namespace).list().getItems()) {
      if (s.getStatus() != null)
        result.put(
            s.getMetadata().getName(), s.getStatus().list(GameServers.TABLES).valuesOrEmpty());
    }
    return result;
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    loop.interrupt();
    loop.join(5_000);
    replies.shutdownNow();
  }
}
