package dev.pitboss.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCliTest {

  // seat 1 (small blind) As Ah, seat 2 (big blind) Ks Kh, seat 3 (button) Qs Qh; dry board
  static final String DECK = "As Ks Qs Ah Kh Qh 4d 2c 7d 9h 5d Js 6d 3c";

  @Test
  void playPrintsEverySeatsFinalStackFromAFixedDeck() throws Exception {
    var stdout =
        captureMain(
            "play",
            "--deck",
            DECK,
            "--stacks",
            "100,300,500",
            "--blinds",
            "1/2",
            "--actions",
            "cbr 500, cc, cc");
    assertThat(stdout)
        .contains("main pot 300 (seats [1, 2, 3]): seat 1 wins 300")
        .contains("side pot 1 400 (seats [2, 3]): seat 2 wins 400")
        .contains("uncalled 200 returned to seat 3")
        .contains("seat 1 p1: 300", "seat 2 p2: 400", "seat 3 p3: 200");
  }

  @Test
  void aHistoryWrittenByPlayReplaysAsAMatch(@TempDir Path dir) throws Exception {
    var file = dir.resolve("hand.json");
    captureMain(
        "play",
        "--deck",
        DECK,
        "--stacks",
        "100,100,100",
        "--blinds",
        "1/2",
        "--ante",
        "1",
        "--actions",
        "p3 cbr 6, p1 cc, p2 f, cc, cc, cbr 10, f",
        "--history",
        file.toString());
    assertThat(Files.readString(file)).contains("\"variant\" : \"NT\"", "\"p3 cbr 6 # ");
    var stdout = captureMain("replay", file.toString());
    assertThat(stdout).contains("MATCH").doesNotContain("MISMATCH");
    assertThat(stdout).contains("seat 1 p1: 110").contains("deck: fixed, no commitment");

    var forged = Files.readString(file).replace("\"amount\" : 17", "\"amount\" : 18");
    Files.writeString(file, forged);
    var out = new ByteArrayOutputStream();
    int code =
        ReplayCli.run(
            new String[] {"replay", file.toString()},
            print(out),
            print(new ByteArrayOutputStream()));
    assertThat(code).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("MISMATCH", "difference: pots:");
  }

  @Test
  void badInputExitsWithTwoAndSaysWhy() {
    assertThat(playHeadsUp(DECK, "cbr 3")).startsWith("2 ").contains("BELOW_MINIMUM");
    assertThat(playHeadsUp(DECK, "cc")).contains("end before the hand does");
    assertThat(playHeadsUp("As As", "f")).contains("repeats a card");
    assertThat(run("play", "--stacks", "100,x", "--blinds", "1/2"))
        .contains("stack must be a whole number");
    assertThat(run("frobnicate")).contains("unknown command");
    assertThat(run("replay", "/nonexistent/hand.json")).contains("cannot read");
  }

  /** `play` heads-up, 100 chips each at 1/2: the table most bad-input cases use. */
  private static String playHeadsUp(String deck, String actions) {
    return run(
        "play", "--deck", deck, "--stacks", "100,100", "--blinds", "1/2", "--actions", actions);
  }

  private static String run(String... args) {
    var err = new ByteArrayOutputStream();
    int code = ReplayCli.run(args, print(new ByteArrayOutputStream()), print(err));
    return code + " " + err.toString(StandardCharsets.UTF_8);
  }

  private static String captureMain(String... args) {
    var original = System.out;
    var out = new ByteArrayOutputStream();
    System.setOut(print(out));
    try {
      ReplayCli.main(args);
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static PrintStream print(ByteArrayOutputStream out) {
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }
}
