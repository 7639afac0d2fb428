// The tournament path of the client in Debian's Chromium (see chromium.mjs). Started by e2e/fleet's
// BrowserIT, which registers the bots, starts the tournament once the person is registered, and,
// once the screenshot of the person at the drawn table is written, makes the bots there move all in
// against each other until one busts: the director then breaks that table and moves the person.
// With:
//   PITBOSS_URL         the matchmaker serving this client
//   PITBOSS_TOURNAMENT  <namespace>/<name> of a Tournament open for registration
//   PITBOSS_PLAYER      a funded player id for the development issuer
//   PITBOSS_ARTIFACTS   where screenshots go
//   PITBOSS_CHROMIUM    the browser (default /usr/bin/chromium)
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launch, page, playUntil, required, shot, waitFor } from "./chromium.mjs";

const base = required("PITBOSS_URL");
const tournament = required("PITBOSS_TOURNAMENT");
const player = required("PITBOSS_PLAYER");
const artifacts = required("PITBOSS_ARTIFACTS");

let browser;

before(async () => {
  browser = await launch(artifacts);
});

after(async () => {
  await browser?.close();
});

/** The server's answer to "where is my table", asked with the page's own token. */
async function whereMe(p) {
  const token = await p.evaluate(() => sessionStorage.getItem("pitboss.token"));
  const r = await fetch(`${base}/v1/tournaments/${tournament}/registrations/me`, {
    headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
  });
  assert.equal(r.status, 200, await r.clone().text());
  return r.json();
}

const shownTable = async (p) => (await p.locator("#table-title").textContent()).trim();
const seatedAt = async (p, table) =>
  (await shownTable(p)) === table &&
  (await p.locator("#conn-status[data-status=connected]").count()) === 1 &&
  (await p.locator("li.seat.me").count()) === 1;

test("a person registers, is seated by the draw, follows a table break by itself and plays to the end", { timeout: 240_000 }, async () => {
  const { p, wire } = await page(browser.context);
  await p.goto(base + "/");
  await p.locator("#lobby-live[data-live=true]").waitFor();
  await p.fill("#signin-player", player);
  await p.click("#signin-button");
  await p.locator("#signed-in").waitFor();
  const row = p.locator(`tr[data-tournament="${tournament}"]`);
  await row.locator("button.register:not([disabled])").waitFor();
  await shot(p, artifacts, "t1-lobby");

  // Registering starts following: the page shows the table the draw gives, by itself.
  await row.locator("button.register").click();
  await row.locator(".follow-status", { hasText: "waiting for the seat draw" }).waitFor();
  await p.locator("#table-view").waitFor({ timeout: 150_000 });
  let drawn = null;
  await waitFor(async () => {
    drawn = await whereMe(p);
    return drawn.table && (await seatedAt(p, drawn.table));
  }, 60_000);
  assert.equal(await shownTable(p), drawn.table);
  assert.equal(await p.locator(`li.seat.me[data-seat="${drawn.seat}"]`).count(), 1);
  assert.match(await p.locator("#tournament-status").textContent(), new RegExp(`table ${drawn.table}, seat ${drawn.seat}$`));
  const welcome = wire.received.find((f) => f.type === "welcome");
  assert.equal(welcome.player, player);
  assert.equal(welcome.snapshot.table, drawn.table);
  await shot(p, artifacts, "t2-seated-by-the-draw");

  // Fold to any bet, check otherwise, until the page shows another table: nobody clicks anything.
  const foldOrCheck = async () => (/^Check/.test(await p.locator("#act-check").textContent()) ? "c" : "f");
  await playUntil(p, artifacts, async () => {
    const shown = await shownTable(p);
    return shown !== drawn.table && shown !== "Connecting…" && (await p.locator("li.seat.me").count()) === 1;
  }, 150_000, async () => {}, foldOrCheck);
  let moved = null;
  await waitFor(async () => {
    moved = await whereMe(p);
    return moved.table && (await seatedAt(p, moved.table));
  }, 30_000);
  assert.notEqual(moved.table, drawn.table, "the director moved the person to another table");
  assert.equal(await shownTable(p), moved.table, "the page shows the table the server says");
  assert.equal(await p.locator(`li.seat.me[data-seat="${moved.seat}"]`).count(), 1);
  assert.match(await p.locator("#tournament-status").textContent(), new RegExp(`table ${moved.table}, seat ${moved.seat}$`));
  const joins = wire.sent.filter((f) => f.type === "join").length;
  assert.ok(joins >= 2, `joined the new table with a fresh ticket (${joins} joins)`);
  await shot(p, artifacts, "t3-moved-by-the-break");

  // All in at every turn at the new table, until the standings give the person a place.
  const finished = async () => /^Finished: place \d+ of \d+/.test(await p.locator("#tournament-status").textContent());
  await playUntil(p, artifacts, finished, 150_000, async () => {}, async () => "a");
  const refused = wire.received.filter((f) => f.type === "error" && f.code === "ILLEGAL_ACTION");
  assert.deepEqual(refused, [], "every action the page sent was legal");
  const status = await p.locator("#tournament-status").textContent();
  const [, place, entrants] = status.match(/^Finished: place (\d+) of (\d+)/);
  const results = await (await fetch(`${base}/v1/lobby/tournaments/${tournament}/results`)).json();
  const mine = results.standings.find((s) => s.player === player);
  assert.ok(mine, `the person has a place in ${JSON.stringify(results.standings)}`);
  assert.equal(Number(place), mine.place);
  assert.equal(Number(entrants), results.entrants);
  console.log(`the person finished in place ${mine.place} of ${results.entrants}, moved from ${drawn.table} to ${moved.table}`);
  await shot(p, artifacts, "t4-finished");
  await p.close();
});
