// A tiny element builder: no framework, no innerHTML with data.

type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, unknown> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") {
      el.addEventListener(k.substring(2).toLowerCase(), v as EventListener);
    } else if (k === "class") {
      el.className = String(v);
    } else if (k in el && !k.includes("-")) {
      (el as unknown as Record<string, unknown>)[k] = v;
    } else {
      el.setAttribute(k, v === true ? "" : String(v));
    }
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "number" ? String(c) : c);
  }
  return el;
}

const digits = new Map<string, number>();

/** Minor units of a currency (CHIPS: tournament chips, whole numbers). */
export function fractionDigits(currency: string): number {
  let d = digits.get(currency);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 0;
    } catch {
      d = 0;
    }
    digits.set(currency, d);
  }
  return d;
}

export function money(amount: number, currency: string): string {
  const d = fractionDigits(currency);
  try {
    if (currency !== "CHIPS") {
      return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(amount / 10 ** d);
    }
  } catch {
    // not an ISO currency: plain units below
  }
  return `${new Intl.NumberFormat().format(amount)} chips`;
}

const RANK_NAMES: Record<string, string> = {
  "2": "Two", "3": "Three", "4": "Four", "5": "Five", "6": "Six", "7": "Seven", "8": "Eight",
  "9": "Nine", T: "Ten", J: "Jack", Q: "Queen", K: "King", A: "Ace",
};
const SUITS: Record<string, [string, string]> = {
  c: ["♣", "clubs"], d: ["♦", "diamonds"], h: ["♥", "hearts"], s: ["♠", "spades"],
};

export function card(c: string, extra: Record<string, unknown> = {}, variant = ""): HTMLElement {
  const [symbol, suit] = SUITS[c[1]] ?? ["?", "?"];
  const rank = c[0] === "T" ? "10" : c[0];
  return h(
    "span",
    {
      class: `card ${c[1] === "d" || c[1] === "h" ? "red" : "black"} ${variant}`.trim(),
      role: "img",
      "aria-label": `${RANK_NAMES[c[0]] ?? c[0]} of ${suit}`,
      "data-card": c,
      ...extra,
    },
    rank,
    symbol,
  );
}
