package dev.pitboss.gameserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.pitboss.gameserver.table.Table;
import dev.pitboss.wallet.v1.AccountKind;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets its documented error code and leaves the table as it was; a lost connection
 * resumes without a missed or repeated event; an observer sees no hole cards.
 */
class ProtocolIT {

  static final String TABLE = "table/it/protocol/0";
  static ServerFixture fx;
  static BotClient alice;
  static BotClient bob;

  @BeforeAll
  static void start() throws Exception {
    fx = new ServerFixture("game_server_protocol_it", 50, 100);
    fx.place(TABLE, ServerFixture.cashRules("table/it/protocol/", 6));
    alice = fx.seat("alice", TABLE, 1, 10_000, false);
    bob = fx.seat("bob", TABLE, 2, 10_000, false);
    await().until(() -> turn(alice) != null);
  }

  @AfterAll
  static void stop() {
    if (fx != null) fx.close();
  }

  static Table.Snapshot snapshot() {
    return fx.server.host().table(TABLE).orElseThrow().ask(t -> t.snapshot(0)).join();
  }

  /** The latest turn event any bot saw, as JSON text. */
  static String turn(BotClient bot) {
    for (int i = bot.frames.size() - 1; i >= 0; i--)
      if (bot.frames.get(i).contains("\"kind\":\"turn\"")) return bot.frames.get(i);
    return null;
  }

  static String errorAfter(BotClient bot, int errorsBefore) {
    await().until(() -> bot.errors.size() > errorsBefore);
    return bot.errors.get(errorsBefore).get("code").asString();
  }

  static String refuse(String frame) {
    var client = fx.connect("probe", 1);
    client.send(frame);
    return errorAfter(client, 0);
  }

  @Test
  void malformedFramesAreRefusedWithTheirCodesAndChangeNothing() throws Exception {
    var before = snapshot();
    long escrow = fx.wallet.balanceOf(AccountKind.ACCOUNT_KIND_TABLE_ESCROW, TABLE + "#1");
    assertThat(refuse("{nope")).isEqualTo("BAD_FRAME");
    assertThat(refuse("[1,2]")).isEqualTo("BAD_FRAME");
    assertThat(refuse("{\"type\":\"dance\"}")).isEqualTo("UNKNOWN_TYPE");
    assertThat(refuse("{\"type\":\"join\"}")).isEqualTo("BAD_FIELD");
    assertThat(refuse("{\"type\":\"ping\",\"x\":1}")).isEqualTo("BAD_FIELD");
    assertThat(refuse("{\"type\":\"act\",\"action\":\"raise\",\"amount\":-5}"))
        .isEqualTo("BAD_FIELD");
    assertThat(refuse("{\"type\":\"act\",\"action\":\"raise\",\"amount\":1e30}"))
        .isEqualTo("BAD_FIELD");
    assertThat(refuse("{\"type\":\"act\",\"action\":\"bet\",\"amount\":\"12\"}"))
        .isEqualTo("BAD_FIELD");
    assertThat(refuse("{\"type\":\"act\",\"action\":\"steal\"}")).isEqualTo("BAD_FIELD");
    assertThat(refuse("{\"type\":\"act\",\"action\":\"fold\"}")).isEqualTo("NOT_SEATED");
    assertThat(refuse("{\"type\":\"resume\",\"session\":\"forged\",\"lastSeq\":0}"))
        .isEqualTo("RESUME_REFUSED");
    assertThat(refuse("{\"type\":\"observe\",\"table\":\"table/x/y/0\"}"))
        .isEqualTo("UNKNOWN_TABLE");
    assertThat(snapshot()).isEqualTo(before);
    assertThat(fx.wallet.balanceOf(AccountKind.ACCOUNT_KIND_TABLE_ESCROW, TABLE + "#1"))
        .isEqualTo(escrow);
  }

  @Test
  void binaryAndOversizedFramesAreRefused() {
    var binary = fx.connect("binary", 1);
    binary.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    assertThat(errorAfter(binary, 0)).isEqualTo("BINARY_NOT_SUPPORTED");
    var big = fx.connect("big", 1);
    big.send("{\"type\":\"ping\",\"id\":\"" + "x".repeat(5_000) + "\"}");
    assertThat(errorAfter(big, 0)).isEqualTo("FRAME_TOO_LARGE");
    await().until(() -> big.closed);
  }

  @Test
  void floodingIsRateLimitedThenDisconnected() {
    var flood = fx.connect("flood", 1);
    for (int i = 0; i < 1_500; i++) flood.send("{\"type\":\"ping\"}");
    await().until(() -> flood.closed);
    assertThat(flood.errors).extracting(e -> e.get("code").asString()).contains("RATE_LIMITED");
    assertThat(flood.frames).anyMatch(f -> f.contains("\"type\":\"pong\""));
  }

  @Test
  void badTicketsAreRefusedWithTheirCodes() throws Exception {
    var before = snapshot();
    var now = Instant.now();
    var hold = fx.wallet.hold(fx.wallet.player("carol", 50_000), TABLE, "carol", 10_000);
    var expired =
        TicketSigner.sign(
            fx.signer
                .claims("carol", TABLE, 3, now.minusSeconds(120), 60)
                .claim("buyIn", 10_000L)
                .claim("currency", "EUR")
                .claim("hold", hold)
                .build(),
            fx.signer.key);
    assertThat(join(expired)).isEqualTo("TICKET_EXPIRED");
    var otherKey = new ECKeyGenerator(Curve.P_256).keyID(fx.signer.key.getKeyID()).generate();
    var forged = TicketSigner.sign(fx.signer.claims("carol", TABLE, 3, now, 60).build(), otherKey);
    assertThat(join(forged)).isEqualTo("TICKET_INVALID");
    var wrongIssuer =
        TicketSigner.sign(
            fx.signer.claims("carol", TABLE, 3, now, 60).issuer("https://evil").build(),
            fx.signer.key);
    assertThat(join(wrongIssuer)).isEqualTo("TICKET_INVALID");
    var tooLong =
        TicketSigner.sign(fx.signer.claims("carol", TABLE, 3, now, 3_600).build(), fx.signer.key);
    assertThat(join(tooLong)).isEqualTo("TICKET_INVALID");
    var elsewhere = fx.signer.cash("carol", "table/it/other/0", 3, 10_000, hold, now);
    assertThat(join(elsewhere)).isEqualTo("TICKET_WRONG_TABLE");
    assertThat(join("not.a.jwt")).isEqualTo("TICKET_INVALID");
    var taken = fx.signer.cash("carol", TABLE, 1, 10_000, hold, now);
    assertThat(join(taken)).isEqualTo("SEAT_TAKEN");
    var good = fx.signer.cash("carol", TABLE, 3, 10_000, hold, now);
    var carol = fx.connect("carol", 3);
    carol.playing = false;
    carol.join(good);
    await().until(() -> carol.seat == 3);
    assertThat(join(good)).isEqualTo("TICKET_REPLAYED");
    assertThat(snapshot().seats())
        .extracting(Table.SeatView::player)
        .contains("alice", "bob", "carol");
    assertThat(snapshot().seats()).hasSize(before.seats().size() + 1);
  }

  /**
   * A player who sat with a hold, left, and comes back with a fresh ticket for the same hold (the
   * matchmaker hands out the same reservation while it lives) gets no chips: the wallet answers the
   * old capture again under its key, but no money arrives in the escrow.
   */
  @Test
  void aHoldThatFundedAnEarlierSittingFundsNoSecond() throws Exception {
    var account = fx.wallet.player("dave", 50_000);
    var hold = fx.wallet.hold(account, TABLE, "dave", 10_000);
    var dave = fx.connect("dave", 4);
    dave.playing = false;
    dave.join(fx.signer.cash("dave", TABLE, 4, 10_000, hold, Instant.now()));
    await().until(() -> dave.seat == 4);
    dave.leave();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                snapshot().seats().stream().noneMatch(s -> s.player().equals("dave"))
                    && fx.wallet.balance(account) >= 40_000);
    long balance = fx.wallet.balance(account);

    var again = fx.signer.cash("dave", TABLE, 4, 10_000, hold, Instant.now());
    assertThat(join(again)).isEqualTo("BUY_IN_REFUSED");
    assertThat(snapshot().seats()).noneMatch(s -> s.player().equals("dave"));
    assertThat(fx.wallet.balance(account)).isEqualTo(balance);
    assertThat(fx.wallet.reconcile().getBalanced()).isTrue();
  }

  static String join(String ticket) {
    var client = fx.connect("joiner", 1);
    client.join(ticket);
    return errorAfter(client, 0);
  }

  @Test
  void outOfTurnAndIllegalActionsAreRefusedAndTheHandGoesOn() {
    var turn = turn(alice);
    int toAct = Integer.parseInt(turn.replaceAll(".*\"seat\":(\\d+).*", "$1"));
    var waiting = toAct == 1 ? bob : alice;
    var acting = toAct == 1 ? alice : bob;
    var before = snapshot();
    int errors = waiting.errors.size();
    waiting.send("{\"type\":\"act\",\"action\":\"call\"}");
    assertThat(errorAfter(waiting, errors)).isEqualTo("OUT_OF_TURN");
    int actingErrors = acting.errors.size();
    acting.send("{\"type\":\"act\",\"action\":\"raise\",\"amount\":101}");
    assertThat(errorAfter(acting, actingErrors)).isEqualTo("ILLEGAL_ACTION");
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void aLostConnectionResumesWithEveryMissedEventOnceAndInOrder() {
    var session = bob.session;
    long seen = bob.lastSeq;
    bob.cut();
    // Play on without bob's connection: whoever is to act calls or checks a few times.
    for (int i = 0; i < 3; i++) {
      var t = fx.server.host().table(TABLE).orElseThrow().ask(x -> x.snapshot(0).turn()).join();
      if (t == null) break;
      var who = t.seat() == 1 ? "alice" : "bob";
      var action =
          t.canCheck()
              ? dev.pitboss.engine.game.Action.check()
              : dev.pitboss.engine.game.Action.call();
      fx.server
          .host()
          .table(TABLE)
          .orElseThrow()
          .ask(
              x -> {
                x.act(who, action);
                return null;
              })
          .join();
    }
    long now = fx.server.host().table(TABLE).orElseThrow().events().last();
    assertThat(now).isGreaterThan(seen);
    var back = fx.connect("bob", 2);
    back.playing = false;
    back.lastSeq = seen;
    back.seat = 2;
    back.resume(session, seen);
    await().until(() -> back.lastSeq == now);
    assertThat(back.frames.getFirst())
        .contains("\"type\":\"resumed\"")
        .contains("\"missed\":" + (now - seen));
    assertThat(back.errors).isEmpty();
  }

  @Test
  void anObserverSeesThePlayButNoHoleCards() {
    var observer = fx.connect("observer", 1);
    observer.observe(TABLE);
    await()
        .until(() -> observer.frames.stream().anyMatch(f -> f.contains("\"role\":\"observer\"")));
    var welcome = observer.frames.getFirst();
    assertThat(welcome).contains("\"yourCards\":[]");
    // Move the hand on so the observer sees a deal.
    for (int i = 0; i < 20; i++) {
      var t = fx.server.host().table(TABLE).orElseThrow().ask(x -> x.snapshot(0).turn()).join();
      if (t == null) break;
      var who = t.seat() == 1 ? "alice" : t.seat() == 2 ? "bob" : "carol";
      fx.server
          .host()
          .table(TABLE)
          .orElseThrow()
          .ask(
              x -> {
                x.act(who, dev.pitboss.engine.game.Action.fold());
                return null;
              })
          .join();
    }
    await()
        .until(() -> observer.frames.stream().anyMatch(f -> f.contains("\"kind\":\"holeCards\"")));
    assertThat(observer.frames)
        .filteredOn(f -> f.contains("\"kind\":\"holeCards\""))
        .allSatisfy(f -> assertThat(f).contains("\"cards\":[]").contains("\"seat\":0"));
  }
}
