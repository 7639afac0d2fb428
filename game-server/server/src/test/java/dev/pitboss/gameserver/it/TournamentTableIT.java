package dev.pitboss.gameserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitboss.crds.Game;
import dev.pitboss.crds.TableRules;
import dev.pitboss.crds.TournamentSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.StreamEntryID;

/**
 * A tournament table driven by the director over Redis Streams: the director seats players with
 * tournament chips and starts the clock, the players join with tickets (no buy-in) and play, and
 * every hand's stacks and busts come back to the director. No chip is money here: the wallet sees
 * nothing.
 */
class TournamentTableIT {
  static final String OWNER = "tournament/it/sng/";
  static final String TABLE = OWNER + "0";
  static ServerFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new ServerFixture("game_server_tournament_it", 1_000, 1_000);
    fx.redis.del("pitboss:table-commands:" + TABLE, "pitboss:tournament-results:" + OWNER);
  }

  @AfterAll
  static void stop() {
    if (fx != null) fx.close();
  }

  static void command(Map<String, String> fields) {
    fx.redis.xadd("pitboss:table-commands:" + TABLE, StreamEntryID.NEW_ENTRY, fields);
  }

  static List<Map<String, String>> results() {
    var out = new ArrayList<Map<String, String>>();
    for (var e : fx.redis.xrange("pitboss:tournament-results:" + OWNER, (StreamEntryID) null, null))
      out.add(e.getFields());
    return out;
  }

  @Test
  void theDirectorSeatsPlayersAndHearsEveryHandAndBustUntilOneIsLeft() throws Exception {
    var rules =
        new TableRules(
            OWNER,
            Game.NLHE,
            3,
            30,
            null,
            new TableRules.Tournament(
                1_500,
                List.of(
                    new TournamentSpec.BlindLevel(10, 20, 0, 1),
                    new TournamentSpec.BlindLevel(50, 100, 10, 1),
                    new TournamentSpec.BlindLevel(200, 400, 50, 10)),
                "2030-01-01T00:00:00Z"));
    long before = fx.wallet.chipsInside();
    fx.place(TABLE, rules);
    command(
        Map.of("cmd", "start", "at", Long.toString(Instant.now().minusSeconds(90).toEpochMilli())));
    var players = List.of("ann", "ben", "cat");
    for (int i = 0; i < 3; i++)
      command(
          Map.of(
              "cmd",
              "seat",
              "player",
              players.get(i),
              "seat",
              Integer.toString(i + 1),
              "chips",
              "1500"));
    await()
        .until(() -> results().stream().filter(r -> "seated".equals(r.get("kind"))).count() == 3);

    // A player the director did not seat cannot join; seated ones join with a plain ticket.
    var stranger = fx.connect("stranger", 9);
    stranger.join(ticket("stranger", 3));
    await().until(() -> !stranger.errors.isEmpty());
    assertThat(stranger.errors.getFirst().get("code").asString()).isEqualTo("NOT_SEATED");
    var bots = new ArrayList<BotClient>();
    for (int i = 0; i < 3; i++) {
      var bot = fx.connect(players.get(i), i + 1);
      bot.join(ticket(players.get(i), i + 1));
      bots.add(bot);
    }
    await().until(() -> bots.stream().allMatch(b -> b.seat > 0));
    await().atMost(Duration.ofMinutes(3)).until(() -> busts() >= 2);

    var busted = new HashSet<String>();
    var chips = new java.util.HashMap<String, Long>();
    players.forEach(p -> chips.put(p, 1_500L));
    int hands = 0;
    for (var r : results()) {
      if (!"hand".equals(r.get("kind"))) continue;
      hands++;
      for (var s : BotClient.JSON.readTree(r.get("stacks")))
        chips.put(s.get("player").asString(), s.get("stack").asLong());
      for (var b : BotClient.JSON.readTree(r.get("busts"))) busted.add(b.get("player").asString());
      // Chips only move between the players: their sum never changes.
      assertThat(chips.values().stream().mapToLong(Long::longValue).sum())
          .as("chips after hand %s", r.get("hand"))
          .isEqualTo(4_500);
    }
    assertThat(hands).isGreaterThan(1);
    assertThat(busted).hasSize(2);
    // Blinds came from the clock started 90 s ago: the second level (50/100, ante 10).
    assertThat(bots.getFirst().frames)
        .anyMatch(f -> f.contains("\"smallBlind\":50,\"bigBlind\":100,\"ante\":10"));
    assertThat(fx.wallet.chipsInside()).as("no money moved").isEqualTo(before);
  }

  /** Players busted so far; two may bust in the same hand. */
  static long busts() {
    return results().stream()
        .filter(r -> "hand".equals(r.get("kind")))
        .mapToLong(r -> BotClient.JSON.readTree(r.get("busts")).size())
        .sum();
  }

  static String ticket(String player, int seat) {
    return TicketSigner.sign(
        fx.signer.claims(player, TABLE, seat, Instant.now(), 60).build(), fx.signer.key);
  }
}
