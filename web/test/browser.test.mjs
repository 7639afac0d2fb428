// Browser tests of the client in Debian's Chromium, driven by playwright-core (never a browser
// download). Started by e2e/fleet's BrowserIT against a local fleet, with:
//   PITBOSS_URL        the matchmaker serving this client
//   PITBOSS_TABLE      <namespace>/<name> of a cash table type where bots are playing
//   PITBOSS_PLAYER     a funded player id for the development issuer
//   PITBOSS_ARTIFACTS  where screenshots go
//   PITBOSS_CHROMIUM   the browser (default /usr/bin/chromium)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { launch, page as newPage, playUntil as play, required, shot as screenshot, waitFor } from "./chromium.mjs";

const base = required("PITBOSS_URL");
const tableType = required("PITBOSS_TABLE");
const player = required("PITBOSS_PLAYER");
const artifacts = required("PITBOSS_ARTIFACTS");

let browser;

before(async () => {
  browser = await launch(artifacts);
});

after(async () => {
  await browser?.close();
});

const page = (viewport, tamper) => newPage(browser.context, viewport, tamper);
const shot = (p, name) => screenshot(p, artifacts, name);
const playUntil = (p, done, timeoutMs, onTurn) => play(p, artifacts, done, timeoutMs, onTurn);
const row = (p) => p.locator(`tr[data-table-type="${tableType}"]`);

test("a person signs in, takes a seat from the lobby, plays hands to the end, verified", { timeout: 240_000 }, async () => {
  const { p, wire } = await page();
  await p.goto(base + "/");
  await p.locator("#lobby-live[data-live=true]").waitFor();
  await p.fill("#signin-player", player);
  await p.click("#signin-button");
  await p.locator("#signed-in").waitFor();
  await row(p).waitFor();
  await p.waitForFunction((sel) => Number(document.querySelector(sel)?.textContent) > 0, `tr[data-table-type="${tableType}"] .free-seats`);
  await row(p).locator("input.buyin").fill("100");
  await shot(p, "1-lobby");

  await row(p).locator("button.sit").click();
  await p.locator("#table-view").waitFor();
  await p.locator("#conn-status[data-status=connected]").waitFor();
  await p.locator("li.seat.me").waitFor();
  const welcome = wire.received.find((f) => f.type === "welcome");
  assert.equal(welcome.role, "player");
  assert.equal(welcome.player, player);
  await shot(p, "2-seated");

  // Every visible control has an accessible name; the action buttons declare their keys.
  const unnamed = await p.evaluate(() =>
    [...document.querySelectorAll("button, input, select")]
      .filter((el) => !el.closest("[hidden]"))
      .filter((el) => {
        const labels = el.labels ? [...el.labels].map((l) => l.textContent).join("").trim() : "";
        const text = el.tagName === "BUTTON" ? el.textContent.trim() : "";
        return !(el.getAttribute("aria-label") || labels || text);
      })
      .map((el) => el.outerHTML),
  );
  assert.deepEqual(unnamed, []);
  for (const id of ["act-fold", "act-check", "act-raise", "act-allin"]) {
    assert.ok(await p.locator(`#${id}`).getAttribute("aria-keyshortcuts"), `${id} declares its key`);
  }

  // Play until a hand in which I held cards has ended and its reveals checked green.
  let myHands = new Set();
  let sliderChecked = false;
  const onTurn = async () => {
    const hand = Number((await p.locator("#hand").textContent()).replace(/\D/g, ""));
    if ((await p.locator('[data-testid="hole-card"]').count()) === 2) myHands.add(hand);
    await assert.doesNotReject(p.locator("#clock:not([hidden])").waitFor({ timeout: 2000 }));
    assert.match(await p.locator("#clock .secs").textContent(), /^You have \d+ s$/);
    if (!sliderChecked && (await p.locator("#act-raise").isEnabled())) {
      // The slider is bounded by the turn's minTo..maxTo.
      const turn = wire.received.filter((f) => f.type === "event" && f.event.kind === "turn").at(-1).event;
      assert.equal(Number(await p.locator("#amount-range").getAttribute("min")), turn.minTo);
      assert.equal(Number(await p.locator("#amount-range").getAttribute("max")), turn.maxTo);
      await shot(p, "3-my-turn");
      sliderChecked = true;
    }
  };
  const verifiedMine = async () => {
    for (const hand of myHands) {
      if ((await p.locator(`#fairness-history li[data-hand="${hand}"][data-status=ok]`).count()) > 0) return true;
    }
    return false;
  };
  await playUntil(p, verifiedMine, 120_000, onTurn);
  assert.equal(await p.locator("#fairness-history li[data-status=bad]").count(), 0);
  const ended = wire.received.filter((f) => f.type === "event" && f.event.kind === "handEnded");
  assert.ok(ended.length >= 1);
  await shot(p, "4-hand-verified");

  // Cut the socket: the page resumes with its session and the last event it processed.
  const before = wire.received.length;
  const last = wire.routes.at(-1);
  await last.server.close({ code: 4000, reason: "cut by the test" });
  await waitFor(() => wire.received.slice(before).some((f) => f.type === "resumed" || f.type === "welcome"), 30_000);
  await p.locator("#conn-status[data-status=connected]").waitFor();
  const resume = wire.sent.filter((f) => f.type === "resume").at(-1);
  assert.ok(resume, "the page sent a resume frame");
  assert.equal(resume.session, welcome.session);
  assert.ok(resume.lastSeq >= welcome.seq);
  assert.ok(wire.received.slice(before).some((f) => f.type === "resumed"), "resumed, not a fresh welcome");
  await p.locator("li.seat.me").waitFor();
  const handsBefore = ended.length;
  myHands = new Set();
  await playUntil(p, async () => (await verifiedMine()) && wire.received.filter((f) => f.type === "event" && f.event.kind === "handEnded").length > handsBefore, 120_000, onTurn);
  await shot(p, "5-after-reconnect");

  await p.click("#leave-button");
  await playUntil(p, async () => /stood up with/.test(await p.locator("#notice").textContent()), 60_000);
  await shot(p, "6-left");
  await p.close();
});

test("an observer on a phone-sized screen never receives or shows hole cards", { timeout: 180_000 }, async () => {
  const { p, wire } = await page({ width: 390, height: 844 });
  await p.goto(base + "/");
  await row(p).waitFor();
  await row(p).locator("button.watch").click();
  await p.locator("#conn-status[data-status=connected]").waitFor();
  assert.equal(wire.received.find((f) => f.type === "welcome").role, "observer");
  assert.equal(await p.locator("#controls").isHidden(), true);
  await waitFor(async () => {
    assert.equal(await p.locator('[data-testid="hole-card"]').count(), 0, "no hole card on screen");
    return wire.received.filter((f) => f.type === "event" && f.event.kind === "handEnded").length >= 3;
  }, 120_000);
  for (const f of wire.received) {
    if (f.type === "welcome") assert.deepEqual(f.snapshot.yourCards, []);
    if (f.type === "event" && f.event.kind === "holeCards") {
      assert.deepEqual(f.event.cards, [], "an observer's holeCards carry no card");
      assert.equal(f.event.seat, 0);
    }
  }
  await shot(p, "7-observer-phone");
  writeFileSync(path.join(artifacts, "observer-frames.json"), JSON.stringify(wire.received, null, 1));
  await p.close();
});

test("the fairness check is green on real hands and red on a tampered reveal", { timeout: 180_000 }, async () => {
  let verifiedHands = 0;
  let tampered = null;
  const { p } = await page({ width: 1280, height: 900 }, (f) => {
    if (f.type !== "event" || f.event.kind !== "handEnded" || f.event.reveals.length === 0) return f;
    if (verifiedHands++ < 1 || tampered !== null) return f;
    // Flip one bit of one revealed salt: its leaf, so the path to the commitment, changes.
    tampered = f.event.hand;
    const r = f.event.reveals[0];
    const flipped = (parseInt(r.salt.at(-1), 16) ^ 1).toString(16);
    return { ...f, event: { ...f.event, reveals: [{ ...r, salt: r.salt.slice(0, -1) + flipped }, ...f.event.reveals.slice(1)] } };
  });
  await p.goto(base + "/");
  await row(p).waitFor();
  await row(p).locator("button.watch").click();
  await p.locator("#conn-status[data-status=connected]").waitFor();
  await p.locator("#fairness-history li[data-status=ok]").first().waitFor({ timeout: 120_000 });
  await waitFor(() => tampered !== null, 120_000);
  const red = p.locator(`#fairness-history li[data-hand="${tampered}"]`);
  await red.waitFor();
  assert.equal(await red.getAttribute("data-status"), "bad");
  assert.match(await red.textContent(), /does not match the commitment/);
  await shot(p, "8-tampered-red");
  await p.close();
});

