import "./style.css";
import * as api from "./api";
import { TableConnection, type Frame, type Mode } from "./connection";
import { card, fractionDigits, h, money } from "./dom";
import { verifyHand } from "./fairness";
import { TableState, type EndedHand, type Turn } from "./state";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const notice = $("notice");
function say(text: string, kind: "info" | "error" = "info") {
  notice.textContent = text;
  notice.dataset.kind = kind;
}

// ---------------------------------------------------------------- sign-in

function renderAccount() {
  const box = $("account");
  const player = api.currentPlayer();
  if (player) {
    box.replaceChildren(
      h("span", { id: "signed-in" }, "Signed in as ", h("strong", {}, player)),
      h("button", { type: "button", id: "signout-button", onclick: () => { api.signOut(); renderAccount(); renderLobby(); } }, "Sign out"),
    );
    return;
  }
  const input = h("input", {
    id: "signin-player", name: "player", required: true, autocomplete: "username",
    pattern: "[A-Za-z0-9._@\\-]{1,64}", placeholder: "player id", "aria-describedby": "signin-help",
  });
  const form = h(
    "form",
    {
      id: "signin-form",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          await api.signIn(input.value.trim());
          say(`Signed in as ${input.value.trim()}.`);
          renderAccount();
          renderLobby();
        } catch (err) {
          say(`Sign-in refused: ${(err as Error).message}`, "error");
        }
      },
    },
    h("label", { for: "signin-player" }, "Player"),
    input,
    h("button", { type: "submit", id: "signin-button" }, "Sign in"),
    h("small", { id: "signin-help" }, "Development issuer: local fleets only, no password."),
  );
  box.replaceChildren(form);
}

// ---------------------------------------------------------------- lobby

let snapshot: api.LobbySnapshot = { tableTypes: [], tournaments: [] };
const buyIns = new Map<string, string>();
const following = new Map<string, string>(); // tournament key -> status text

/** Re-renders the lobby (each live update) without taking the focus from whoever is typing. */
function renderLobby() {
  const focused = document.activeElement as HTMLElement | null;
  const focusedId = focused && focused.id && $("lobby-view").contains(focused) ? focused.id : null;
  const selection = focused instanceof HTMLInputElement && focused.type === "text" ? focused.selectionStart : null;
  drawLobby();
  if (focusedId) {
    const again = document.getElementById(focusedId);
    again?.focus();
    if (again instanceof HTMLInputElement && selection !== null) again.setSelectionRange(selection, selection);
  }
}

function drawLobby() {
  const signedIn = api.currentPlayer() !== null;
  const tbody = $("table-types");
  tbody.replaceChildren(
    ...snapshot.tableTypes.map((t) => {
      const key = `${t.namespace}/${t.name}`;
      const d = fractionDigits(t.currency);
      const fallback = Math.min(t.maxBuyIn, Math.max(t.minBuyIn, 100 * t.bigBlind)) / 10 ** d;
      const input = h("input", {
        class: "buyin", type: "number", id: `buyin-${key}`,
        min: t.minBuyIn / 10 ** d, max: t.maxBuyIn / 10 ** d, step: 1 / 10 ** d,
        value: buyIns.get(key) ?? String(fallback),
        oninput: (e: Event) => buyIns.set(key, (e.target as HTMLInputElement).value),
      });
      return h(
        "tr",
        { "data-table-type": key },
        h("th", { scope: "row" }, t.name, h("small", {}, ` ${t.namespace}`)),
        h("td", {}, `${money(t.smallBlind, t.currency)} / ${money(t.bigBlind, t.currency)}`),
        h("td", {}, `${money(t.minBuyIn, t.currency)} – ${money(t.maxBuyIn, t.currency)}`),
        h("td", { class: "num" }, t.openTables),
        h("td", { class: "num free-seats" }, t.freeSeats),
        h("td", { class: "num" }, t.waiting),
        h(
          "td",
          { class: "actions" },
          h("label", { for: `buyin-${key}`, class: "visually-hidden" }, `Buy-in for ${t.name} in ${t.currency}`),
          input,
          h("button", {
            type: "button", class: "sit", id: `sit-${key}`, disabled: !signedIn,
            "aria-label": `Take a seat at ${t.name}`,
            onclick: () => sit(t, Math.round(Number(input.value) * 10 ** d)),
          }, "Take a seat"),
          h("button", { type: "button", class: "watch", id: `watch-${key}`, "aria-label": `Watch a ${t.name} table`, onclick: () => watch(t) }, "Watch"),
        ),
      );
    }),
  );
  $("no-tables").hidden = snapshot.tableTypes.length > 0;
  const tours = $("tournaments");
  tours.replaceChildren(
    ...snapshot.tournaments.map((t) => {
      const key = `${t.namespace}/${t.name}`;
      const status = following.get(key);
      return h(
        "tr",
        { "data-tournament": key },
        h("th", { scope: "row" }, t.name),
        h("td", {}, t.phase),
        h("td", {}, `${money(t.buyIn, t.currency)} + ${money(t.fee, t.currency)}`),
        h("td", { class: "num" }, `${t.entrants ?? 0} / ${t.maxPlayers}`),
        h("td", { class: "num" }, t.playersLeft ?? "–"),
        h(
          "td",
          { class: "actions" },
          h("button", { type: "button", class: "register", id: `register-${key}`, disabled: !signedIn, onclick: () => registerFor(t) }, "Register"),
          h("button", { type: "button", class: "follow", id: `follow-${key}`, disabled: !signedIn, onclick: () => follow(t) }, "Follow my table"),
          h("button", { type: "button", class: "unregister", id: `unregister-${key}`, disabled: !signedIn, onclick: () => unregisterFrom(t) }, "Unregister"),
          status ? h("span", { class: "follow-status", role: "status" }, status) : null,
        ),
      );
    }),
  );
  $("no-tournaments").hidden = snapshot.tournaments.length > 0;
}

function startLobby() {
  api.lobby().then((s) => { snapshot = s; renderLobby(); }).catch((e) => say(`Lobby: ${e.message}`, "error"));
  api.lobbyEvents(
    (s) => { snapshot = s; renderLobby(); },
    (live) => { const el = $("lobby-live"); el.textContent = live ? "live" : "reconnecting…"; el.dataset.live = String(live); },
  );
}

async function sit(t: api.TableType, buyIn: number) {
  say(`Asking for a seat at ${t.name}…`);
  try {
    const seat = await api.seat(t.namespace, t.name, buyIn);
    say(`Seat ${seat.seat} at ${seat.table}, buy-in ${money(seat.buyIn, seat.currency)}.`);
    openTable(seat.url, { kind: "player", ticket: seat.ticket });
  } catch (e) {
    say(`No seat: ${(e as Error).message}`, "error");
  }
}

async function watch(t: api.TableType) {
  try {
    const detail = await api.tableType(t.namespace, t.name);
    const open = detail.tables.filter((x) => !x.closing).sort((a, b) => b.occupied - a.occupied);
    if (open.length === 0) {
      say(`No ${t.name} table is open to watch.`, "error");
      return;
    }
    const table = open[0];
    openTable(`ws://${table.address}:${table.port}/ws`, { kind: "observer", table: table.table });
  } catch (e) {
    say(`Cannot watch: ${(e as Error).message}`, "error");
  }
}

// ---------------------------------------------------------------- tournaments

let followTimer: number | undefined;

async function registerFor(t: api.TournamentSummary) {
  try {
    await api.register(t.namespace, t.name);
    say(`Registered for ${t.name}.`);
    follow(t);
  } catch (e) {
    say(`Registration refused: ${(e as Error).message}`, "error");
  }
}

async function unregisterFrom(t: api.TournamentSummary) {
  try {
    await api.unregister(t.namespace, t.name);
    window.clearTimeout(followTimer);
    following.delete(`${t.namespace}/${t.name}`);
    say(`Unregistered from ${t.name}; the hold is released.`);
    renderLobby();
  } catch (e) {
    say(`Cannot unregister: ${(e as Error).message}`, "error");
  }
}

/**
 * Polls where my tournament table is, and (re)connects when the director seats or moves me. No
 * table after the draw, or the tournament over, means I have a place in the standings: it is shown,
 * and the polling stops once the tournament is over or the prizes are paid.
 */
function follow(t: api.TournamentSummary) {
  const key = `${t.namespace}/${t.name}`;
  window.clearTimeout(followTimer);
  const poll = async () => {
    try {
      const w = await api.where(t.namespace, t.name);
      const over = /finish|complet|cancel/i.test(w.phase);
      const results = !w.table || over ? await api.results(t.namespace, t.name) : null;
      const mine = results?.standings.find((s) => s.player === w.player);
      if (results && mine) {
        const prize = mine.prize > 0 ? `, prize ${money(mine.prize, results.currency)}` : "";
        const text = `Finished: place ${mine.place} of ${results.entrants}${prize}`;
        if (following.get(key) !== text) say(`${t.name}: you finished in place ${mine.place} of ${results.entrants}${prize}.`);
        showFollowing(key, text);
        if (over || results.paid) return;
      } else if (w.table && w.url && w.ticket) {
        showFollowing(key, `${w.phase}: table ${w.table}, seat ${w.seat}`);
        if (!current || current.state.table !== w.table || !current.conn.seated) {
          say(current ? `Moved to ${w.table}, seat ${w.seat}.` : `Seated at ${w.table}, seat ${w.seat}.`);
          openTable(w.url, { kind: "player", ticket: w.ticket }, key);
        }
      } else {
        showFollowing(key, over ? w.phase : `${w.phase}: waiting for the seat draw`);
        if (over) return;
      }
    } catch (e) {
      showFollowing(key, (e as Error).message);
      if (e instanceof api.ApiError && e.status === 404) return;
    }
    followTimer = window.setTimeout(poll, 2000);
  };
  poll();
}

/** A followed tournament's status, in its lobby row and above its table. */
function showFollowing(key: string, text: string) {
  following.set(key, text);
  renderLobby();
  renderTable();
}

// ---------------------------------------------------------------- the table

interface Open {
  conn: TableConnection;
  state: TableState;
  tournament: string | null;
}

let current: Open | null = null;

function openTable(url: string, mode: Mode, tournament: string | null = null) {
  current?.conn.close();
  verdicts.length = 0;
  const state = new TableState();
  const open: Open = { state, tournament, conn: null as unknown as TableConnection };
  open.conn = new TableConnection(url, mode, {
    frame: (f) => { if (current === open) onFrame(open, f); },
    status: (s, detail) => {
      if (current !== open) return;
      const el = $("conn-status");
      el.dataset.status = s;
      el.textContent = s === "connected" ? "Connected" : s === "reconnecting" ? "Reconnecting…" : s === "connecting" ? "Connecting…" : "Disconnected";
      el.title = detail;
    },
  });
  current = open;
  showTable(true);
  renderTable();
  renderControls();
}

function showTable(on: boolean) {
  $("lobby-view").hidden = on;
  $("table-view").hidden = !on;
  if (on) $("table-title").focus();
}

function backToLobby() {
  current?.conn.close();
  current = null;
  showTable(false);
  renderLobby();
}

function leave() {
  if (!current) return;
  if (current.state.yourSeat > 0) {
    current.conn.send({ type: "leave", id: "leave" });
    say("Standing up: at once between hands, else when this hand ends.");
  } else {
    backToLobby();
  }
}

function onFrame(open: Open, f: Frame) {
  const s = open.state;
  switch (f.type) {
    case "welcome":
      s.welcome(f);
      break;
    case "event": {
      const wasSeated = s.yourSeat;
      const ended = s.apply(f.event);
      if (ended) checkFairness(open, ended);
      if (f.event.kind === "turn" && f.event.seat === s.yourSeat && s.yourSeat > 0) $("your-turn").textContent = "Your turn.";
      if (wasSeated && s.yourSeat === 0 && s.leftWith !== null) {
        say(`You stood up with ${money(s.leftWith, s.rules?.currency ?? "CHIPS")}.`);
        if (open.tournament) pollTournamentSoon();
      }
      break;
    }
    case "error":
      say(`${f.code}: ${f.message}`, "error");
      if (f.code === "RESUME_REFUSED" && open.tournament) pollTournamentSoon();
      if (f.id && String(f.id).startsWith("act")) pendingAction = false;
      break;
    case "ok":
      if (f.id === "leave" && s.yourSeat > 0) say("You will stand up when this hand ends.");
      break;
  }
  renderTable();
  renderControls();
}

function pollTournamentSoon() {
  const key = current?.tournament;
  const t = snapshot.tournaments.find((x) => `${x.namespace}/${x.name}` === key);
  if (t) follow(t);
}

const verdicts: { hand: number; status: string; detail: string }[] = [];

async function checkFairness(open: Open, ended: EndedHand) {
  let status: "ok" | "bad" | "nothing";
  let detail: string;
  if (!ended.commitment) {
    status = "nothing";
    detail = "joined after the commitment was published";
  } else if (ended.reveals.length === 0) {
    status = "nothing";
    detail = "no card was revealed to this viewer";
  } else {
    const v = await verifyHand(ended.commitment, ended.reveals, {
      seats: ended.dealtSeats, button: ended.button, board: ended.board, holeCards: ended.holeCards,
    });
    status = v.ok ? "ok" : "bad";
    detail = v.ok
      ? `all ${v.checked} revealed cards match the commitment`
      : `${v.problems.length} of ${v.checked} checks failed: ${v.problems.join("; ")}`;
  }
  verdicts.unshift({ hand: ended.hand, status, detail });
  if (verdicts.length > 10) verdicts.pop();
  const f = open.state.fairness;
  if (f && f.hand === ended.hand) {
    f.status = status;
    f.detail = detail;
  }
  if (current === open) renderTable();
}

function renderTable() {
  if (!current) return;
  const s = current.state;
  const cur = s.rules?.currency ?? "CHIPS";
  $("table-title").textContent = s.table ? `${s.table}` : "Connecting…";
  $("table-role").textContent = s.role === "player" && s.yourSeat > 0 ? `Seat ${s.yourSeat}` : "Observer";
  $("hand").textContent = s.hand ? `Hand ${s.hand}` : "";
  $("leave-button").textContent = s.yourSeat > 0 ? "Leave table" : "Back to lobby";
  const tournamentStatus = current.tournament ? following.get(current.tournament) : undefined;
  $("tournament-status").hidden = !tournamentStatus;
  $("tournament-status").textContent = tournamentStatus ?? "";
  $("sitout-button").hidden = !(s.yourSeat > 0 && s.rules?.kind === "cash");
  const me = s.seats.get(s.yourSeat);
  $("sitout-button").textContent = me?.sittingOut ? "Sit in" : "Sit out";

  const fair = $("fairness");
  const f = s.fairness;
  fair.dataset.status = f?.status ?? "nothing";
  fair.dataset.hand = String(f?.hand ?? 0);
  fair.replaceChildren(
    h("div", {},
    h("h3", {}, "Fairness"),
    f
      ? h("p", {}, `Hand ${f.hand} deck commitment: `, h("code", { class: "commitment", title: f.commitment }, f.commitment))
      : h("p", {}, "No hand yet."),
    f ? h("p", { class: "verdict" }, verdictText(f.status), f.detail ? ` — ${f.detail}` : "") : null,
    h(
      "ol",
      { id: "fairness-history", "aria-label": "Checked hands" },
      verdicts.map((v) => h("li", { "data-hand": v.hand, "data-status": v.status }, `Hand ${v.hand}: ${verdictText(v.status)}`, ` — ${v.detail}`)),
    )),
  );

  $("board").replaceChildren(...(s.board.length ? s.board.map((c) => card(c)) : [h("span", { class: "empty" }, "No board yet")]));
  $("pot").textContent = `Pot ${money(s.pot, cur)}`;

  const seats = $("seats");
  const count = s.rules?.seats ?? Math.max(0, ...s.seats.keys());
  const list: HTMLElement[] = [];
  for (let n = 1; n <= count; n++) {
    const x = s.seats.get(n);
    const isTurn = s.turn?.seat === n;
    if (!x) {
      list.push(h("li", { class: "seat empty", "data-seat": n }, h("span", { class: "seat-no" }, `Seat ${n}`), " empty"));
      continue;
    }
    const mine = n === s.yourSeat;
    const cards = mine && s.yourCards.length
      ? s.yourCards.map((c) => card(c, { "data-testid": "hole-card" }))
      : x.shown.map((c) => card(c, {}, "shown"));
    list.push(
      h(
        "li",
        {
          class: ["seat", mine ? "me" : "", isTurn ? "turn" : "", x.folded ? "folded" : "", x.sittingOut ? "out" : "", s.button === n ? "button" : ""].join(" "),
          "data-seat": n,
          "aria-current": isTurn ? "true" : undefined,
        },
        h("span", { class: "seat-no" }, `Seat ${n}`, s.button === n ? h("span", { class: "dealer", "aria-label": "dealer button", title: "dealer button" }, " D") : null),
        h("span", { class: "player" }, x.player, mine ? " (you)" : ""),
        h("span", { class: "stack" }, money(x.stack, cur)),
        x.streetBet ? h("span", { class: "bet" }, `bet ${money(x.streetBet, cur)}`) : null,
        x.lastAction ? h("span", { class: "last" }, x.lastAction) : null,
        x.sittingOut ? h("span", { class: "last" }, "sitting out") : null,
        cards.length ? h("span", { class: "cards" }, ...cards) : null,
        x.shownHand ? h("span", { class: "hand-name" }, x.shownHand) : null,
        isTurn ? h("span", { class: "clock-mini", "data-deadline": s.turn!.deadline }) : null,
      ),
    );
  }
  seats.replaceChildren(...list);

  $("won").replaceChildren(
    ...s.won.map((p, i) =>
      h("li", {}, `${i === 0 ? "Main pot" : `Side pot ${i}`} ${money(p.amount, cur)}: `,
        p.winners.map((w) => `${s.name(w.seat)} wins ${money(w.amount, cur)}`).join(", ")),
    ),
  );
  $("log").replaceChildren(...s.log.slice(-12).map((l) => h("li", {}, l)));
  tick();
}

function verdictText(status: string): string {
  switch (status) {
    case "ok": return "✔ Verified";
    case "bad": return "✘ MISMATCH";
    case "checking": return "Checking…";
    case "waiting": return "Committed; cards are checked when the hand ends";
    default: return "Nothing to check";
  }
}

// ---------------------------------------------------------------- controls

let shownTurn: Turn | null = null;
let pendingAction = false;

function myTurn(): Turn | null {
  const s = current?.state;
  return s && s.turn && s.yourSeat > 0 && s.turn.seat === s.yourSeat ? s.turn : null;
}

function renderControls() {
  const turn = myTurn();
  const controls = $("controls");
  controls.hidden = !current || current.state.yourSeat === 0;
  if (turn === shownTurn) return;
  shownTurn = turn;
  pendingAction = false;
  const cur = current?.state.rules?.currency ?? "CHIPS";
  const enabled = turn !== null;
  if (!enabled) $("your-turn").textContent = "";
  const fold = $<HTMLButtonElement>("act-fold");
  const check = $<HTMLButtonElement>("act-check");
  const raise = $<HTMLButtonElement>("act-raise");
  const allin = $<HTMLButtonElement>("act-allin");
  const range = $<HTMLInputElement>("amount-range");
  const amount = $<HTMLInputElement>("amount");
  for (const b of [fold, check, raise, allin, range, amount]) b.disabled = !enabled;
  if (!turn) {
    check.textContent = "Check / call";
    raise.textContent = "Bet / raise";
    return;
  }
  check.replaceChildren(turn.canCheck ? "Check " : `Call ${money(turn.callAmount, cur)} `, h("kbd", {}, "C"));
  const sizing = (turn.canBet || turn.canRaise) && turn.maxTo >= turn.minTo;
  raise.disabled = !sizing;
  range.disabled = amount.disabled = !sizing;
  if (sizing) {
    const d = fractionDigits(cur);
    range.min = String(turn.minTo);
    range.max = String(turn.maxTo);
    range.step = String(Math.max(1, current?.state.rules?.smallBlind ?? 1));
    range.value = String(turn.minTo);
    amount.min = String(turn.minTo / 10 ** d);
    amount.max = String(turn.maxTo / 10 ** d);
    amount.step = String(1 / 10 ** d);
    amount.value = String(turn.minTo / 10 ** d);
    range.setAttribute("aria-valuetext", money(turn.minTo, cur));
  }
  updateRaiseLabel();
  const clock = $("clock");
  clock.dataset.deadline = turn.deadline;
  check.focus();
}

function raiseAmount(): number {
  return Number($<HTMLInputElement>("amount-range").value);
}

function updateRaiseLabel() {
  const turn = myTurn();
  const raise = $("act-raise");
  if (!turn) return;
  const cur = current?.state.rules?.currency ?? "CHIPS";
  const to = raiseAmount();
  const verb = turn.canBet ? "Bet" : "Raise to";
  raise.replaceChildren(`${verb} ${money(to, cur)} `, h("kbd", {}, "R"));
  $("amount-range").setAttribute("aria-valuetext", money(to, cur));
}

function act(action: "fold" | "check" | "call" | "bet" | "raise" | "allin") {
  const turn = myTurn();
  if (!turn || !current || pendingAction) return;
  const frame: Frame = { type: "act", action };
  // With nobody left to raise against, the table takes only a call (all in, if it is all I have).
  if (action === "allin" && !turn.canBet && !turn.canRaise) frame.action = turn.canCheck ? "check" : "call";
  if (action === "bet" || action === "raise") {
    const to = raiseAmount();
    if (to === turn.maxTo) frame.action = "allin";
    else frame.amount = to;
  }
  pendingAction = true;
  current.conn.send({ ...frame, id: `act-${current.conn.seq}` });
}

function checkOrCall() {
  const t = myTurn();
  if (t) act(t.canCheck ? "check" : "call");
}

function betOrRaise() {
  const t = myTurn();
  if (t) act(t.canBet ? "bet" : "raise");
}

function wireControls() {
  $("act-fold").addEventListener("click", () => act("fold"));
  $("act-check").addEventListener("click", checkOrCall);
  $("act-raise").addEventListener("click", betOrRaise);
  $("act-allin").addEventListener("click", () => act("allin"));
  const range = $<HTMLInputElement>("amount-range");
  const amount = $<HTMLInputElement>("amount");
  range.addEventListener("input", () => {
    const d = fractionDigits(current?.state.rules?.currency ?? "CHIPS");
    amount.value = String(Number(range.value) / 10 ** d);
    updateRaiseLabel();
  });
  amount.addEventListener("input", () => {
    const t = myTurn();
    if (!t) return;
    const d = fractionDigits(current?.state.rules?.currency ?? "CHIPS");
    const v = Math.round(Number(amount.value) * 10 ** d);
    range.value = String(Math.min(t.maxTo, Math.max(t.minTo, v)));
    updateRaiseLabel();
  });
  amount.addEventListener("keydown", (e) => { if (e.key === "Enter") betOrRaise(); });
  $("leave-button").addEventListener("click", leave);
  $("sitout-button").addEventListener("click", () => {
    const me = current?.state.seats.get(current.state.yourSeat);
    current?.conn.send({ type: me?.sittingOut ? "sitIn" : "sitOut" });
  });
  document.addEventListener("keydown", (e) => {
    if (!current || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement;
    if (target instanceof HTMLInputElement && target.type !== "range") return;
    const key = e.key.toLowerCase();
    if (key === "f") act("fold");
    else if (key === "c" || key === "k") checkOrCall();
    else if (key === "r" || key === "b") betOrRaise();
    else if (key === "a") act("allin");
    else return;
    e.preventDefault();
  });
}

/** The action clock: remaining time of whoever is to act, by the server's clock. */
function tick() {
  const s = current?.state;
  const clock = $("clock");
  const turn = s?.turn;
  if (!s || !turn) {
    clock.hidden = true;
    return;
  }
  clock.hidden = false;
  const now = Date.now() + (current?.conn.clockOffsetMs ?? 0);
  const left = Math.max(0, Date.parse(turn.deadline) - now);
  const total = (s.rules?.actionSeconds ?? 30) * 1000;
  const secs = Math.ceil(left / 1000);
  const who = turn.seat === s.yourSeat ? "You have" : `${s.name(turn.seat)} has`;
  clock.querySelector<HTMLElement>(".fill")!.style.width = `${Math.min(100, (100 * left) / total)}%`;
  clock.querySelector<HTMLElement>(".secs")!.textContent = `${who} ${secs} s`;
  clock.dataset.urgent = String(left < 5000);
  clock.setAttribute("aria-valuenow", String(secs));
  for (const el of document.querySelectorAll<HTMLElement>(".clock-mini")) el.textContent = `${secs} s`;
}

renderAccount();
startLobby();
wireControls();
setInterval(tick, 250);
