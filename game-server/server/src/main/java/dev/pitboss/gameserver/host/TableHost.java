package dev.pitboss.gameserver.host;

import dev.pitboss.agones.sdk.AgonesList;
import dev.pitboss.agones.sdk.AgonesSdk;
import dev.pitboss.agones.sdk.AgonesSdkException;
import dev.pitboss.agones.sdk.GameServerView;
import dev.pitboss.crds.TableRules;
import dev.pitboss.gameserver.lobby.RedisLobby;
import dev.pitboss.gameserver.net.Gateway;
import dev.pitboss.gameserver.net.RateLimit;
import dev.pitboss.gameserver.net.Sessions;
import dev.pitboss.gameserver.ops.GameServerMetrics;
import dev.pitboss.gameserver.protocol.ServerFrames;
import dev.pitboss.gameserver.table.TableActor;
import dev.pitboss.gameserver.table.TableEvent;
import dev.pitboss.gameserver.ticket.TicketVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tables of one game-server process, kept as its GameServer says: the operator adds a table id
 * to the Agones list {@code tables} when it places a table here (with the owner's {@link
 * TableRules} in an annotation) and removes it to close the table. The host opens and closes tables
 * to match, keeps the list {@code players} ({@code <tableId>#<seat>}) current, advertises the
 * tables in the lobby, and hands the server back to Agones when it has hosted nothing for a while.
 * All of its own state changes run on one thread.
 */
public final class TableHost implements Gateway, TableActor.Watcher, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TableHost.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** What happens after {@code idleGrace} without a table: back to Ready, or shut down. */
  public enum WhenIdle {
    READY,
    SHUTDOWN
  }

  public record Settings(
      String address,
      int port,
      Duration idleGrace,
      WhenIdle whenIdle,
      Duration drainTimeout,
      int framesPerSecond,
      int frameBurst) {}

  /** Opens a table's actor (recovering its seats from the ledger for a cash table). */
  public interface TableFactory {
    TableActor open(String id, TableRules rules, TableActor.Watcher watcher);
  }

  private final AgonesSdk agones;
  private final TableFactory factory;
  private final RedisLobby lobby;
  private final TicketVerifier tickets;
  private final Sessions sessions;
  private final GameServerMetrics metrics;
  private final Clock clock;
  private final Settings settings;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("table-host").factory());

  private final Map<String, TableActor> tables = new ConcurrentHashMap<>();
  private final Map<String, TableRules> rules = new ConcurrentHashMap<>();

  /** Seated players per table, kept from the tables' events; read by the host thread. */
  private final Map<String, Map<Integer, String>> seated = new ConcurrentHashMap<>();

  private final Set<String> closing = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean playersDirty = new AtomicBoolean();
  private final java.util.concurrent.atomic.AtomicReference<GameServerView> latestView =
      new java.util.concurrent.atomic.AtomicReference<>();

  /** The players list as this server last wrote or read it; host thread only. */
  private final Set<String> playersWritten = new HashSet<>();

  private boolean followed;
  private volatile boolean accepting = true;
  private volatile String serverName = "";
  private volatile String viewAddress = "";
  private volatile int viewPort;
  private volatile int boundPort;
  private volatile String state = "";
  private Instant idleSince;

  public TableHost(
      AgonesSdk agones,
      TableFactory factory,
      RedisLobby lobby,
      TicketVerifier tickets,
      Sessions sessions,
      GameServerMetrics metrics,
      Clock clock,
      Settings settings) {
    this.agones = agones;
    this.factory = factory;
    this.lobby = lobby;
    this.tickets = tickets;
    this.sessions = sessions;
    this.metrics = metrics;
    this.clock = clock;
    this.settings = settings;
  }

  /**
   * Tells Agones this server is Ready, unless its GameServer is Allocated already, and starts
   * following it. Allocated already: the process restarted in its pod, or Agones made a development
   * GameServer (no pod) Ready and allocated it before the process came up. Ready then would hand it
   * back to Agones as free (Agones moves an Allocated GameServer to Ready on it), to be scaled down
   * with its tables.
   */
  public void start() {
    if (!GameServerView.STATE_ALLOCATED.equals(agones.getGameServer().state())) agones.ready();
    // Only the latest GameServer matters: a burst of updates (every players-list change sends the
    // whole object) is followed once, not once per update.
    agones.watchGameServer(
        view -> {
          if (latestView.getAndSet(view) == null)
            loop.execute(() -> follow(latestView.getAndSet(null)));
        });
    loop.scheduleWithFixedDelay(this::checkIdle, 1, 1, TimeUnit.SECONDS);
  }

  // --- Gateway -----------------------------------------------------------------------------

  @Override
  public Optional<TableActor> table(String id) {
    return closing.contains(id) ? Optional.empty() : Optional.ofNullable(tables.get(id));
  }

  @Override
  public boolean accepting() {
    return accepting;
  }

  @Override
  public TicketVerifier tickets() {
    return tickets;
  }

  @Override
  public void boughtIn(String table, String owner, int seat, String player) {
    lobby.reservationUsed(table, owner, seat, player);
  }

  @Override
  public Sessions sessions() {
    return sessions;
  }

  @Override
  public GameServerMetrics metrics() {
    return metrics;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public RateLimit rateLimit() {
    return new RateLimit(
        settings.framesPerSecond(),
        settings.frameBurst(),
        10 * settings.frameBurst(),
        System::nanoTime);
  }

  /**
   * The port the players' socket is bound to: advertised when neither the settings nor the
   * GameServer name one (a server run outside Agones' port allocation, as in tests).
   */
  public void listeningOn(int port) {
    boundPort = port;
  }

  public Set<String> tableIds() {
    return Set.copyOf(tables.keySet());
  }

  // --- following the GameServer -----------------------------------------------------------

  private void follow(GameServerView view) {
    serverName = view.name();
    state = view.state();
    viewAddress = view.address() == null ? "" : view.address();
    viewPort = view.ports().isEmpty() ? 0 : view.ports().getFirst().port();
    if (!followed) {
      // After a restart in the same pod the list still names the seats of before: start from it.
      followed = true;
      playersWritten.addAll(view.list("players").map(AgonesList::values).orElse(List.of()));
      playersChanged();
    }
    if (GameServerView.STATE_SHUTDOWN.equals(view.state())) {
      Thread.ofVirtual().start(this::drain);
      return;
    }
    var wanted = Set.copyOf(view.list("tables").map(AgonesList::values).orElse(List.of()));
    for (var id : wanted) {
      // A draining server opens nothing: the list still names the tables it has just closed.
      if (!accepting || tables.containsKey(id) || closing.contains(id)) continue;
      var owner = TableRules.ownerOf(id);
      var json = view.annotations().get(TableRules.annotationKey(owner));
      if (json == null) {
        log.warn("table {} is placed here but its rules annotation is missing", id);
        continue;
      }
      try {
        var r = JSON.readValue(json, TableRules.class);
        if (!owner.equals(r.owner())) {
          log.warn("table {}: the rules annotation names owner {}", id, r.owner());
          continue;
        }
        open(id, r);
      } catch (RuntimeException e) {
        log.error("table {} could not be opened", id, e);
      }
    }
    for (var id : List.copyOf(tables.keySet())) if (!wanted.contains(id)) close(id, "closed");
  }

  private void open(String id, TableRules r) {
    var actor = factory.open(id, r, this);
    rules.put(id, r);
    seated.putIfAbsent(id, new ConcurrentHashMap<>());
    tables.put(id, actor);
    metrics.tables.set(tables.size());
    // Seats recovered from the ledger are in the table already; read them once.
    actor
        .ask(
            t -> {
              seated.get(id).putAll(t.players());
              return null;
            })
        .join();
    advertise(id);
    playersChanged();
    log.info("table {} opened", id);
  }

  /** Closes a table: no new seats; it ends its hand, pays everyone out and is then removed. */
  private void close(String id, String reason) {
    var actor = tables.get(id);
    if (actor == null || !closing.add(id)) return;
    advertise(id);
    actor.ask(
        t -> {
          t.close(reason);
          return null;
        });
    removeWhenEmpty(id);
  }

  private void removeWhenEmpty(String id) {
    var actor = tables.get(id);
    if (actor == null) return;
    actor
        .ask(t -> t.isEmpty() && !t.handInPlay())
        .thenAccept(
            empty -> {
              if (!empty) {
                loop.schedule(() -> removeWhenEmpty(id), 200, TimeUnit.MILLISECONDS);
                return;
              }
              loop.execute(
                  () -> {
                    tables.remove(id);
                    closing.remove(id);
                    seated.remove(id);
                    rules.remove(id);
                    sessions.forgetTable(id);
                    lobby.withdraw(id);
                    actor.close();
                    metrics.tables.set(tables.size());
                    playersChanged();
                    log.info("table {} closed", id);
                  });
            });
  }

  // --- what the tables say -----------------------------------------------------------------

  @Override
  public void seen(TableActor actor, long seq, TableEvent event) {
    var id = actor.id();
    switch (event) {
      case TableEvent.SeatTaken s -> {
        seated.computeIfAbsent(id, k -> new ConcurrentHashMap<>()).put(s.seat(), s.player());
        seatsChanged(id);
      }
      case TableEvent.SeatLeft s -> {
        var seats = seated.get(id);
        if (seats != null) seats.remove(s.seat());
        seatsChanged(id);
      }
      case TableEvent.HandEnded h -> metrics.hand("settled");
      case TableEvent.HandVoided v -> metrics.hand("voided");
      default -> {}
    }
    lobby.publicEvent(id, ServerFrames.event(seq, event));
  }

  private void seatsChanged(String id) {
    loop.execute(() -> advertise(id));
    playersChanged();
  }

  private void advertise(String id) {
    var r = rules.get(id);
    if (r == null) return;
    var seats = seated.getOrDefault(id, Map.of());
    lobby.advertise(
        new RedisLobby.Listing(
            id,
            r,
            serverName,
            settings.address().isEmpty() ? viewAddress : settings.address(),
            settings.port() != 0 ? settings.port() : viewPort != 0 ? viewPort : boundPort,
            seats.keySet().stream().sorted().toList(),
            closing.contains(id)));
  }

  /** Brings the players list up to date at most every 100 ms, whatever the number of changes. */
  private void playersChanged() {
    if (playersDirty.compareAndSet(false, true))
      loop.schedule(this::writePlayers, 100, TimeUnit.MILLISECONDS);
  }

  /**
   * Adds and removes single values: Agones 1.60's UpdateList replaces changes to the same list not
   * yet written to Kubernetes (see game-server/agones-sdk/README.md), add/remove do not.
   */
  private void writePlayers() {
    playersDirty.set(false);
    var desired = new TreeSet<String>();
    seated.forEach(
        (table, seats) -> seats.keySet().forEach(seat -> desired.add(table + "#" + seat)));
    metrics.players.set(desired.size());
    try {
      for (var value : List.copyOf(playersWritten)) {
        if (desired.contains(value)) continue;
        try {
          agones.removeListValue("players", value);
        } catch (AgonesSdkException e) {
          if (e.reason() != AgonesSdkException.Reason.NOT_FOUND) throw e;
        }
        playersWritten.remove(value);
      }
      for (var value : desired) {
        if (playersWritten.contains(value)) continue;
        try {
          agones.addListValue("players", value);
        } catch (AgonesSdkException e) {
          if (e.reason() == AgonesSdkException.Reason.OUT_OF_RANGE) {
            // The list is full (Agones caps a list at its capacity, at most 1,000): the operator
            // sizes servers so this does not happen; retrying could not help until seats free up.
            log.warn(
                "the players list is full; {} seated players are not listed",
                desired.size() - playersWritten.size());
            return;
          }
          if (e.reason() != AgonesSdkException.Reason.ALREADY_EXISTS) throw e;
        }
        playersWritten.add(value);
      }
    } catch (RuntimeException e) {
      log.warn("could not update the players list: {}", e.toString());
      loop.schedule(this::playersChanged, 1, TimeUnit.SECONDS);
    }
  }

  // --- idle, drain ---------------------------------------------------------------------------

  private void checkIdle() {
    if (!accepting) return;
    if (!tables.isEmpty() || !GameServerView.STATE_ALLOCATED.equals(state)) {
      idleSince = null;
      return;
    }
    var now = clock.instant();
    if (idleSince == null) idleSince = now;
    if (Duration.between(idleSince, now).compareTo(settings.idleGrace()) < 0) return;
    idleSince = null;
    try {
      if (settings.whenIdle() == WhenIdle.SHUTDOWN) {
        log.info("no table for {}: shutting down", settings.idleGrace());
        Thread.ofVirtual().start(this::drain);
      } else {
        log.info("no table for {}: back to Ready", settings.idleGrace());
        agones.ready();
        state = GameServerView.STATE_READY;
      }
    } catch (RuntimeException e) {
      log.warn("could not hand the server back to Agones: {}", e.toString());
    }
  }

  private final AtomicBoolean drained = new AtomicBoolean();

  /**
   * Graceful drain: no new seats; every table finishes its hand and pays its players out; then
   * Agones is told to shut the server down. Bounded by {@code drainTimeout}: what is still seated
   * then stays in escrow, safe, and reopens on another server.
   */
  public void drain() {
    if (!drained.compareAndSet(false, true)) return;
    accepting = false;
    log.info("draining {} tables", tables.size());
    for (var id : List.copyOf(tables.keySet())) loop.execute(() -> close(id, "server draining"));
    var deadline = clock.instant().plus(settings.drainTimeout());
    while (!tables.isEmpty() && clock.instant().isBefore(deadline)) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (!tables.isEmpty()) log.warn("drain timed out with tables {}", tables.keySet());
    try {
      agones.shutdown();
    } catch (RuntimeException e) {
      log.warn("could not tell Agones to shut down: {}", e.toString());
    }
  }

  public boolean drainedAll() {
    return drained.get() && tables.isEmpty();
  }

  @Override
  public void close() {
    loop.shutdownNow();
    tables.values().forEach(TableActor::close);
  }
}
