import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { exponential, withJitter } from "../../../core/backoff.ts";
import { ReconnectingSocket, type ReconnectingSocketOptions, type SocketState } from "../../../core/ws/reconnecting-socket.ts";
import { until } from "../../helpers/until.ts";

/** A local WebSocket server: records what clients send; `mute` makes it swallow everything. */
type Peer = { send(text: string): void; close(code?: number): void };
let server: Bun.Server<undefined>;
const peers: Peer[] = [];
const received: string[] = [];
let mute = false;

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: (request, srv) => (srv.upgrade(request) ? undefined : new Response("websocket only", { status: 400 })),
    websocket: {
      open: (ws) => void peers.push(ws),
      message: (ws, message) => {
        received.push(String(message));
        if (!mute && message === "PING") ws.send("PONG");
      },
    },
  });
});
afterAll(() => server.stop(true));

function socket(over: Partial<ReconnectingSocketOptions> = {}) {
  const states: string[] = [];
  const messages: string[] = [];
  const stats = { connects: 0, drops: 0, silentKills: 0 };
  const ws: ReconnectingSocket = new ReconnectingSocket({
    url: `ws://127.0.0.1:${server.port}/`,
    stats,
    reconnectBaseMs: 5,
    checkEveryMs: 10,
    random: () => 0,
    onOpen: () => ws.send("SUBSCRIBE"),
    onMessage: (text) => messages.push(text),
    onState: (state: SocketState, reason: string) => states.push(`${state}: ${reason}`),
    silence: () => undefined,
    ...over,
  });
  return { ws, states, messages, stats };
}

describe("reconnecting socket", () => {
  test("subscribes on open, keeps alive while open, and hands over messages as text", async () => {
    received.length = 0;
    const { ws, messages, states } = socket({ keepalive: { message: "PING", everyMs: 10 } });
    ws.start();
    await until(() => messages.filter((m) => m === "PONG").length >= 2, "two PONGs");
    expect(received[0]).toBe("SUBSCRIBE");
    expect(states.slice(0, 2)).toEqual(["connecting: connecting", "up: connected"]);
    await ws.stop();
    expect(ws.state).toBe("closed");
  });

  test("a socket the server closes is replaced, and the owner resubscribes on the new one", async () => {
    received.length = 0;
    const { ws, states, stats } = socket();
    ws.start();
    await until(() => ws.state === "up", "the socket up");
    peers.at(-1)!.close(1011);
    await until(() => stats.connects >= 2 && ws.state === "up", "the second connection up");
    expect(stats.drops).toBe(1);
    expect(states.some((s) => s.startsWith("down: closed (1011"))).toBe(true);
    expect(received.filter((m) => m === "SUBSCRIBE").length).toBe(2);
    await ws.stop();
  });

  test("a silent socket (as the owner judges it) is killed with the owner's reason and reconnected", async () => {
    mute = true;
    let lastMessageAt = Date.now();
    const { ws, states, stats } = socket({
      keepalive: { message: "PING", everyMs: 10 },
      onOpen: () => (lastMessageAt = Date.now()),
      onMessage: () => (lastMessageAt = Date.now()),
      silence: () => (Date.now() - lastMessageAt > 60 ? "silent: not even PONG" : undefined),
    });
    ws.start();
    await until(() => stats.silentKills >= 1, "the silent socket killed");
    expect(states).toContain("down: silent: not even PONG");
    mute = false;
    await until(() => ws.state === "up" && stats.connects >= 2, "the replacement up");
    await ws.stop();
  });

  test("once stopped it never reconnects, and sending is a no-op", async () => {
    const { ws, stats } = socket();
    ws.start();
    await until(() => ws.state === "up", "the socket up");
    await ws.stop();
    ws.send("ignored");
    ws.start();
    await Bun.sleep(50);
    expect(stats.connects).toBe(1);
    expect(ws.state).toBe("closed");
  });

  test("an unreachable url keeps backing off, counting no connects", async () => {
    const { ws, states, stats } = socket({ url: "ws://127.0.0.1:1/" });
    ws.start();
    await until(() => states.filter((s) => s.startsWith("down")).length >= 2, "two downs");
    expect(stats.connects).toBe(0);
    await ws.stop();
  });
});

test("backoff doubles from the base up to the cap; jitter only adds, up to the fraction", () => {
  expect([1, 2, 3, 4, 5].map((n) => exponential(200, n, 1_000))).toEqual([200, 400, 800, 1_000, 1_000]);
  expect(withJitter(1_000, 0.25, () => 0)).toBe(1_000);
  expect(withJitter(1_000, 0.25, () => 1)).toBe(1_250);
  expect(withJitter(1_000, 0.25, () => Number.NaN)).toBe(1_000);
});
