// The deck commitment check of PROTOCOL.md, "Fairness: checking the deal", with WebCrypto SHA-256.

export interface Reveal {
  position: number;
  card: string;
  salt: string;
  path: string[];
}

const RANKS = "23456789TJQKA";
const SUITS = "cdhs";

/** index(c) = rank * 4 + suit, ranks 2..A = 0..12, suits c d h s = 0..3. */
export function cardIndex(card: string): number {
  const rank = RANKS.indexOf(card[0]);
  const suit = SUITS.indexOf(card[1]);
  if (card.length !== 2 || rank < 0 || suit < 0) throw new Error(`not a card: ${card}`);
  return rank * 4 + suit;
}

function fromHex(hex: string): Uint8Array {
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new Error(`not hex: ${hex}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substring(2 * i, 2 * i + 2), 16);
  return out;
}

function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest("SHA-256", all));
}

/** Whether one reveal's Merkle path leads to {@code commitment} (the root, hex). */
export async function verifyReveal(commitment: string, r: Reveal): Promise<boolean> {
  try {
    if (r.position < 0 || r.position > 51 || r.path.length !== 6) return false;
    const salt = fromHex(r.salt);
    if (salt.length !== 16) return false;
    let h = await sha256(Uint8Array.of(0x00, r.position, cardIndex(r.card)), salt);
    let index = 64 + r.position;
    for (const siblingHex of r.path) {
      const sibling = fromHex(siblingHex);
      h = index % 2 === 0 ? await sha256(Uint8Array.of(0x01), h, sibling) : await sha256(Uint8Array.of(0x01), sibling, h);
      index >>= 1;
    }
    return toHex(h) === commitment.toLowerCase();
  } catch {
    return false;
  }
}

/** What the table showed, to compare with the revealed deck positions. */
export interface Dealt {
  /** Seats dealt in, and the button: they give each seat's deck positions. */
  seats: number[];
  button: number;
  board: string[];
  /** Hole cards seen at the table: the viewer's own and those shown at showdown. */
  holeCards: Map<number, string[]>;
}

export interface Verdict {
  ok: boolean;
  checked: number;
  problems: string[];
}

/**
 * Checks every reveal against the commitment, and that each revealed card is the card the table
 * dealt at that position: hole cards one at a time from the seat left of the button (player i of
 * n gets positions i and n+i), then burn, flop, burn, turn, burn, river.
 */
export async function verifyHand(commitment: string, reveals: Reveal[], dealt: Dealt): Promise<Verdict> {
  const problems: string[] = [];
  for (const r of reveals) {
    if (!(await verifyReveal(commitment, r))) {
      problems.push(`position ${r.position} (${r.card}) does not match the commitment`);
    }
  }
  const expected = expectedCards(dealt);
  for (const r of reveals) {
    const card = expected.get(r.position);
    if (card !== undefined && card !== r.card) {
      problems.push(`position ${r.position} was dealt as ${card} but revealed as ${r.card}`);
    }
  }
  return { ok: problems.length === 0, checked: reveals.length, problems };
}

function expectedCards(d: Dealt): Map<number, string> {
  const out = new Map<number, string>();
  const sorted = [...d.seats].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return out;
  const after = sorted.findIndex((s) => s > d.button);
  const start = after < 0 ? 0 : after;
  const order = sorted.map((_, k) => sorted[(start + k) % n]);
  order.forEach((seat, i) => {
    const cards = d.holeCards.get(seat);
    if (cards && cards.length === 2) {
      out.set(i, cards[0]);
      out.set(n + i, cards[1]);
    }
  });
  const boardPositions = [2 * n + 1, 2 * n + 2, 2 * n + 3, 2 * n + 5, 2 * n + 7];
  d.board.forEach((card, k) => out.set(boardPositions[k], card));
  return out;
}
