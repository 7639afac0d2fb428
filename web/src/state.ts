// What a table looks like to this viewer, built from the welcome snapshot and the events after it.
import type { Frame } from "./connection";
import { money } from "./dom";
import type { Reveal } from "./fairness";

export interface Rules {
  game: string;
  kind: "cash" | "tournament";
  seats: number;
  actionSeconds: number;
  currency: string;
  smallBlind?: number;
  bigBlind?: number;
  minBuyIn?: number;
  maxBuyIn?: number;
}

export interface Turn {
  seat: number;
  canCheck: boolean;
  callAmount: number;
  canBet: boolean;
  canRaise: boolean;
  minTo: number;
  maxTo: number;
  deadline: string;
}

export interface SeatView {
  seat: number;
  player: string;
  stack: number;
  sittingOut: boolean;
  inHand: boolean;
  folded: boolean;
  streetBet: number;
  lastAction: string;
  shown: string[];
  shownHand: string;
}

export interface PotResult {
  amount: number;
  winners: { seat: number; amount: number }[];
}

export type FairnessStatus = "waiting" | "checking" | "ok" | "bad" | "nothing";

export interface HandFairness {
  hand: number;
  commitment: string;
  status: FairnessStatus;
  detail: string;
}

/** The hand just ended, for the fairness check (which runs asynchronously). */
export interface EndedHand {
  hand: number;
  commitment: string;
  reveals: Reveal[];
  dealtSeats: number[];
  button: number;
  board: string[];
  holeCards: Map<number, string[]>;
}

export class TableState {
  table = "";
  role: "player" | "observer" = "observer";
  player = "";
  rules: Rules | null = null;
  hand = 0;
  button = 0;
  seats = new Map<number, SeatView>();
  board: string[] = [];
  pot = 0;
  commitment = "";
  turn: Turn | null = null;
  yourSeat = 0;
  yourCards: string[] = [];
  dealtSeats: number[] = [];
  won: PotResult[] = [];
  rake = 0;
  closing = false;
  fairness: HandFairness | null = null;
  log: string[] = [];
  /** The seat I last held, when I stood up: what I left with. */
  leftWith: number | null = null;

  /** An amount in the table's currency (minor units in, e.g. "€1.50" out). */
  amount(minor: number): string {
    return money(minor, this.rules?.currency ?? "CHIPS");
  }

  name(seat: number): string {
    return this.seats.get(seat)?.player ?? `seat ${seat}`;
  }

  private note(line: string) {
    this.log.push(line);
    if (this.log.length > 40) this.log.shift();
  }

  welcome(frame: Frame): void {
    const s = frame.snapshot;
    this.role = frame.role;
    this.player = frame.player ?? "";
    this.rules = frame.rules;
    this.table = s.table;
    this.hand = s.hand;
    this.button = s.button;
    this.seats = new Map();
    for (const x of s.seats ?? []) {
      this.seats.set(x.seat, { ...x, lastAction: "", shown: [], shownHand: "" });
    }
    this.board = s.board ?? [];
    this.pot = s.pot ?? 0;
    this.commitment = s.commitment ?? "";
    this.turn = s.turn ?? null;
    this.yourSeat = s.yourSeat ?? 0;
    this.yourCards = s.yourCards ?? [];
    this.dealtSeats = [...this.seats.values()].filter((x) => x.inHand).map((x) => x.seat);
    this.won = [];
    this.fairness = this.commitment
      ? { hand: this.hand, commitment: this.commitment, status: "waiting", detail: "joined mid-hand" }
      : null;
    this.note(`${this.role === "player" ? "Seated" : "Watching"} at ${this.table}`);
  }

  /** Applies one event; returns the ended hand when the event is handEnded. */
  apply(e: Frame): EndedHand | null {
    switch (e.kind) {
      case "seatTaken":
        this.seats.set(e.seat, {
          seat: e.seat, player: e.player, stack: e.stack, sittingOut: false, inHand: false,
          folded: false, streetBet: 0, lastAction: "", shown: [], shownHand: "",
        });
        this.note(`${e.player} sat down in seat ${e.seat}`);
        break;
      case "seatLeft":
        this.seats.delete(e.seat);
        this.note(`${e.player} stood up with ${this.amount(e.stack)}`);
        if (e.seat === this.yourSeat && e.player === this.player) {
          this.leftWith = e.stack;
          this.yourSeat = 0;
          this.yourCards = [];
        }
        break;
      case "sittingOut": {
        const s = this.seats.get(e.seat);
        if (s) s.sittingOut = e.sittingOut;
        break;
      }
      case "handStarted":
        this.hand = e.hand;
        this.button = e.button;
        this.commitment = e.commitment;
        this.board = [];
        this.pot = 0;
        this.turn = null;
        this.won = [];
        this.rake = 0;
        this.yourCards = [];
        const players: { seat: number; stack: number }[] = e.players ?? [];
        this.dealtSeats = players.map((p) => p.seat);
        for (const s of this.seats.values()) {
          const p = players.find((x) => x.seat === s.seat);
          s.inHand = !!p;
          s.folded = false;
          s.streetBet = 0;
          s.lastAction = "";
          s.shown = [];
          s.shownHand = "";
          if (p) s.stack = p.stack;
        }
        this.fairness = { hand: e.hand, commitment: e.commitment, status: "waiting", detail: "" };
        this.note(`Hand ${e.hand} started; deck committed ${e.commitment.substring(0, 12)}…`);
        break;
      case "posted": {
        const s = this.seats.get(e.seat);
        if (s) {
          s.streetBet += e.amount;
          s.stack -= e.amount;
          s.lastAction = e.posting.replaceAll("_", " ");
        }
        this.pot += e.amount;
        break;
      }
      case "holeCards":
        this.dealtSeats = e.seats ?? this.dealtSeats;
        if (e.seat && e.seat === this.yourSeat) this.yourCards = e.cards ?? [];
        break;
      case "turn":
        this.turn = e as unknown as Turn;
        break;
      case "acted": {
        const s = this.seats.get(e.seat);
        if (s) {
          s.streetBet = e.streetBet;
          s.stack = e.stack;
          s.folded = s.folded || e.action === "fold";
          s.lastAction = e.timedOut ? `${e.action} (timed out)` : e.action;
        }
        this.pot = e.pot;
        this.turn = null;
        this.note(`${this.name(e.seat)} ${e.action}${e.amount ? ` ${this.amount(e.amount)}` : ""}${e.timedOut ? " (timed out)" : ""}`);
        break;
      }
      case "board":
        this.board = e.cards ?? [];
        for (const s of this.seats.values()) {
          s.streetBet = 0;
          if (!s.folded) s.lastAction = "";
        }
        this.note(`${e.street}: ${this.board.join(" ")}`);
        break;
      case "shown": {
        const s = this.seats.get(e.seat);
        if (s) {
          s.shown = e.cards ?? [];
          s.shownHand = e.hand;
        }
        this.note(`${this.name(e.seat)} shows ${(e.cards ?? []).join(" ")} (${e.hand})`);
        break;
      }
      case "won":
        this.won = e.pots ?? [];
        this.rake = e.rake;
        this.turn = null;
        for (const pot of this.won) {
          for (const w of pot.winners ?? []) this.note(`${this.name(w.seat)} wins ${this.amount(w.amount)}`);
        }
        break;
      case "handEnded": {
        this.turn = null;
        for (const x of e.stacks ?? []) {
          const s = this.seats.get(x.seat);
          if (s) {
            s.stack = x.stack;
            s.streetBet = 0;
          }
        }
        this.note(`Hand ${e.hand} ended`);
        const holeCards = new Map<number, string[]>();
        if (this.yourSeat && this.yourCards.length === 2) holeCards.set(this.yourSeat, this.yourCards);
        for (const s of this.seats.values()) if (s.shown.length === 2) holeCards.set(s.seat, s.shown);
        const f = this.fairness;
        const commitment = f && f.hand === e.hand ? f.commitment : "";
        if (f && f.hand === e.hand) {
          f.status = "checking";
          f.detail = `checking ${(e.reveals ?? []).length} revealed cards`;
        }
        return {
          hand: e.hand, commitment, reveals: e.reveals ?? [], dealtSeats: this.dealtSeats,
          button: this.button, board: [...this.board], holeCards,
        };
      }
      case "handVoided":
        this.turn = null;
        this.note(`Hand ${e.hand} voided: ${e.reason}`);
        const voided = this.fairness;
        if (voided && voided.hand === e.hand) {
          voided.status = "nothing";
          voided.detail = "the hand was voided";
        }
        break;
      case "closing":
        this.closing = true;
        this.note(`The table is closing: ${e.reason}`);
        break;
    }
    return null;
  }
}
