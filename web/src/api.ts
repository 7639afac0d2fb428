// The matchmaker's public HTTP API (matchmaker/README.md, "API"). Same origin: the matchmaker serves
// this page.

export interface TableType {
  namespace: string;
  name: string;
  game: string | null;
  seats: number;
  smallBlind: number;
  bigBlind: number;
  currency: string;
  minBuyIn: number;
  maxBuyIn: number;
  region: string | null;
  openTables: number;
  freeSeats: number;
  waiting: number;
}

export interface TournamentSummary {
  namespace: string;
  name: string;
  phase: string;
  buyIn: number;
  fee: number;
  currency: string;
  startingStack: number;
  seats: number;
  minPlayers: number;
  maxPlayers: number;
  startTime: string | null;
  lateRegistrationClosesAt: string | null;
  entrants: number | null;
  playersLeft: number | null;
}

export interface LobbySnapshot {
  tableTypes: TableType[];
  tournaments: TournamentSummary[];
}

export interface TableAd {
  table: string;
  address: string;
  port: number;
  seats: number;
  occupied: number;
  free: number;
  closing: boolean;
}

export interface TableTypeDetail {
  type: TableType;
  tables: TableAd[];
}

export interface SeatAnswer {
  table: string;
  seat: number;
  address: string;
  port: number;
  url: string;
  ticket: string;
  expiresAt: string;
  buyIn: number;
  currency: string;
  hold: string;
}

export interface Where {
  tournament: string;
  player: string;
  phase: string;
  table: string | null;
  seat: number | null;
  address: string | null;
  port: number | null;
  url: string | null;
  ticket: string | null;
  expiresAt: string | null;
}

/** A finishing place and its prize (0 outside the money or before the payout). */
export interface Standing {
  place: number;
  player: string;
  prize: number;
}

/** A tournament's standings so far: busted players by place, the winner once there is one. */
export interface Results {
  tournament: string;
  phase: string;
  entrants: number;
  playersLeft: number;
  prizePool: number;
  currency: string;
  paid: boolean;
  standings: Standing[];
}

/** An RFC 9457 problem detail from the matchmaker, or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const TOKEN_KEY = "pitboss.token";
const PLAYER_KEY = "pitboss.player";

export function currentPlayer(): string | null {
  return sessionStorage.getItem(PLAYER_KEY);
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(PLAYER_KEY);
}

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const h: Record<string, string> = { Accept: "application/json", ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, "network", `the matchmaker did not answer (${String(e)})`);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const type: string = json?.type ?? "";
    const code = type.substring(type.lastIndexOf("/") + 1) || `http-${response.status}`;
    throw new ApiError(response.status, code, json?.detail ?? json?.title ?? `HTTP ${response.status}`);
  }
  return json as T;
}

/** Signs in with the development issuer (loopback matchmakers only): a token for any player id. */
export async function signIn(player: string): Promise<void> {
  const answer = await call<{ token: string }>("POST", "/dev/tokens", { player });
  sessionStorage.setItem(TOKEN_KEY, answer.token);
  sessionStorage.setItem(PLAYER_KEY, player);
}

/** The matchmaker leaves empty lists out of its JSON. */
function lobbyOf(s: Partial<LobbySnapshot>): LobbySnapshot {
  return { tableTypes: s.tableTypes ?? [], tournaments: s.tournaments ?? [] };
}

export const lobby = async () => lobbyOf(await call<Partial<LobbySnapshot>>("GET", "/v1/lobby"));

/** The live lobby: every change as a whole snapshot. Returns a function that stops it. */
export function lobbyEvents(onSnapshot: (s: LobbySnapshot) => void, onState: (live: boolean) => void): () => void {
  const source = new EventSource("/v1/lobby/events");
  source.addEventListener("lobby", (e) => onSnapshot(lobbyOf(JSON.parse((e as MessageEvent).data))));
  source.onopen = () => onState(true);
  source.onerror = () => onState(false);
  return () => source.close();
}

const path = (ns: string, name: string) => `${encodeURIComponent(ns)}/${encodeURIComponent(name)}`;

export async function tableType(ns: string, name: string): Promise<TableTypeDetail> {
  const d = await call<TableTypeDetail>("GET", `/v1/lobby/tables/${path(ns, name)}`);
  return { ...d, tables: d.tables ?? [] };
}

export const seat = (ns: string, name: string, buyIn: number) =>
  call<SeatAnswer>("POST", `/v1/tables/${path(ns, name)}/seat`, { buyIn, waitSeconds: 10 });

export const register = (ns: string, name: string) =>
  call<unknown>("POST", `/v1/tournaments/${path(ns, name)}/registrations`, undefined, {
    "Idempotency-Key": `register-${ns}-${name}-${currentPlayer()}`,
  });

export const unregister = (ns: string, name: string) =>
  call<void>("DELETE", `/v1/tournaments/${path(ns, name)}/registrations/me`);

export const where = (ns: string, name: string) =>
  call<Where>("GET", `/v1/tournaments/${path(ns, name)}/registrations/me`);

export async function results(ns: string, name: string): Promise<Results> {
  const r = await call<Results>("GET", `/v1/lobby/tournaments/${path(ns, name)}/results`);
  return { ...r, standings: r.standings ?? [] };
}
