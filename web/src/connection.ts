// One WebSocket to a table (game-server/PROTOCOL.md), with transparent reconnect: a player's
// connection resumes with its session and the last event it processed; an observer observes again.

export type Frame = { type: string; [k: string]: any };

export type Mode = { kind: "player"; ticket: string } | { kind: "observer"; table: string };

export type Status = "connecting" | "connected" | "reconnecting" | "closed";

export interface ConnectionEvents {
  frame(frame: Frame): void;
  status(status: Status, detail: string): void;
}

export class TableConnection {
  private ws: WebSocket | null = null;
  private session: string | null = null;
  private ticket: string | null;
  private lastSeq = 0;
  private stopped = false;
  private attempts = 0;
  private retry: number | undefined;
  private nextId = 1;
  /** Server time minus local time, from the pong to our ping at each connect (for the clock). */
  clockOffsetMs = 0;
  private pingSentAt = 0;

  constructor(
    readonly url: string,
    private readonly mode: Mode,
    private readonly on: ConnectionEvents,
  ) {
    this.ticket = mode.kind === "player" ? mode.ticket : null;
    this.open();
  }

  get seq(): number {
    return this.lastSeq;
  }

  private open(): void {
    this.on.status(this.attempts === 0 && !this.session ? "connecting" : "reconnecting", this.url);
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      if (this.mode.kind === "observer") {
        this.send({ type: "observe", id: "observe", table: this.mode.table });
      } else if (this.session) {
        this.send({ type: "resume", id: "resume", session: this.session, lastSeq: this.lastSeq });
      } else if (this.ticket) {
        this.send({ type: "join", id: "join", ticket: this.ticket });
        this.ticket = null; // a ticket is good once
      }
      this.pingSentAt = Date.now();
      this.send({ type: "ping", id: "clock" });
    };
    ws.onmessage = (m) => this.receive(JSON.parse(m.data as string) as Frame);
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) {
        this.on.status("closed", e.reason || "closed");
        return;
      }
      if (this.mode.kind === "player" && !this.session) {
        this.on.status("closed", "the connection closed before the seat was taken");
        return;
      }
      const delay = Math.min(250 * 2 ** this.attempts, 5000);
      this.attempts++;
      this.on.status("reconnecting", `connection lost (${e.code}); retrying in ${delay} ms`);
      this.retry = window.setTimeout(() => this.open(), delay);
    };
  }

  private receive(frame: Frame): void {
    switch (frame.type) {
      case "welcome":
        if (frame.session) this.session = frame.session;
        this.lastSeq = frame.seq;
        this.attempts = 0;
        this.on.status("connected", frame.role);
        break;
      case "resumed":
        this.attempts = 0;
        this.on.status("connected", `resumed after event ${frame.fromSeq}, ${frame.missed} missed`);
        break;
      case "event":
        if (frame.seq <= this.lastSeq) return; // already applied
        this.lastSeq = frame.seq;
        break;
      case "pong":
        if (frame.id === "clock") {
          const now = Date.now();
          this.clockOffsetMs = frame.serverTime - (this.pingSentAt + now) / 2;
        }
        break;
      case "error":
        if (frame.code === "RESUME_REFUSED") this.session = null;
        break;
    }
    this.on.frame(frame);
  }

  send(frame: Frame): string {
    const id = frame.id ?? `c${this.nextId++}`;
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ ...frame, id }));
    return id;
  }

  /** Whether this connection holds a seat it can resume. */
  get seated(): boolean {
    return this.session !== null;
  }

  close(): void {
    this.stopped = true;
    window.clearTimeout(this.retry);
    this.ws?.close(1000, "closed by the player");
  }
}
