// Debian's Chromium through playwright-core (never a browser download), shared by the browser
// tests: the launch, pages whose table WebSockets pass through the test, screenshots, and waits.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

export function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (see the head of the test file)`);
  return v;
}

/** A headless Chromium on a fresh profile; {@code close()} also removes the profile. */
export async function launch(artifacts) {
  mkdirSync(artifacts, { recursive: true });
  const profile = mkdtempSync(path.join(tmpdir(), "pitboss-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.PITBOSS_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page whose table WebSockets pass through the test: frames recorded, cuttable, tamperable. */
export async function page(context, viewport = { width: 1280, height: 900 }, tamper = null) {
  const p = await context.newPage();
  await p.setViewportSize(viewport);
  const wire = { sent: [], received: [], routes: [] };
  await p.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    wire.routes.push({ ws, server });
    ws.onMessage((m) => {
      wire.sent.push(JSON.parse(m));
      server.send(m);
    });
    server.onMessage((m) => {
      const frame = JSON.parse(m);
      const out = tamper ? tamper(frame) : frame;
      wire.received.push(out);
      ws.send(JSON.stringify(out));
    });
    ws.onClose(() => server.close());
    server.onClose(() => ws.close());
  });
  p.on("pageerror", (e) => console.log(`page error: ${e.message}`));
  return { p, wire };
}

export const shot = (p, artifacts, name) => p.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

/** Plays on until {@code done} holds: at each turn {@code onTurn}, then the key {@code key(p)} names (C: check or call). */
export async function playUntil(p, artifacts, done, timeoutMs, onTurn = async () => {}, key = async () => "c") {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) {
      await shot(p, artifacts, `timed-out-${Date.now()}`);
      assert.fail(`timed out playing; the page: ${await p.locator("#table-view").innerText()}`);
    }
    if (await p.locator("#act-check").isEnabled()) {
      await onTurn();
      if (await p.locator("#act-check").isEnabled()) await p.keyboard.press(await key(p));
    }
    await p.waitForTimeout(100);
  }
}

export async function waitFor(condition, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}
