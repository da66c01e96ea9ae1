import { describe, expect, test } from "bun:test";
import { parseFaultSpec } from "../../sandbox/faults.ts";
import { parseScenario, runScenario } from "../../sandbox/scenario.ts";
import { SERVICES } from "../../sandbox/services.ts";
import { startTestSandbox } from "../helpers/sandbox.ts";
import { START, startVenue, useVenue } from "./venue.ts";

const sandbox = useVenue({ seed: 51 });

const get = (path: string) => fetch(`${sandbox.url}${path}`);

describe("test helper", () => {
  test("gives a URL on a free port, the env for spawned CLIs, and a fresh wallet", async () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.port).toBeGreaterThan(0);
    expect(sandbox.env).toEqual({ PM_ARB_SANDBOX_URL: sandbox.url });
    expect(sandbox.wallet.privateKey).toMatch(/^0x[0-9a-f]{64}$/);
    expect(sandbox.wallet.address).toMatch(/^0x[0-9a-fA-F]{40}$/);
    const second = await startTestSandbox();
    expect(second.port).not.toBe(sandbox.port);
    expect(second.wallet.address).not.toBe(sandbox.wallet.address);
    await second.stop();
    await expect(fetch(`${second.url}/binance/api/v3/time`)).rejects.toThrow();
  });
});

describe("admin", () => {
  test("counters count requests and errors per path; reset clears them", async () => {
    await sandbox.admin.resetCounters();
    await get("/binance/api/v3/ticker/price?symbol=BTCUSDT");
    await get("/binance/api/v3/ticker/price?symbol=ETHUSDT");
    await get("/binance/api/v3/ticker/price?symbol=NOPE");
    await get("/kraken/0/public/Ticker?pair=XBTUSD");
    expect(await sandbox.admin.counters()).toEqual({
      "/binance/api/v3/ticker/price": { requests: 3, errors: 1 },
      "/kraken/0/public/Ticker": { requests: 1, errors: 0 },
    });
    await sandbox.admin.resetCounters();
    expect(await sandbox.admin.counters()).toEqual({});
  });

  test("faults: add by spec or object, list, remove by filter, clear; bad specs are 400", async () => {
    const added = await sandbox.admin.addFault("binance:451");
    expect(added).toMatchObject({ service: "binance", kind: "451", addedAt: START });
    await sandbox.admin.addFault({ service: "kraken", kind: "503", count: 2 });
    const listed = (await (await get("/admin/faults")).json()) as { service: string }[];
    expect(listed.map((fault) => fault.service)).toEqual(["binance", "kraken"]);
    await sandbox.admin.removeFaults({ service: "binance" });
    expect((await get("/binance/api/v3/time")).status).toBe(200);
    expect((await get("/kraken/0/public/Time")).status).toBe(503);
    await sandbox.admin.clearFaults();
    expect((await get("/kraken/0/public/Time")).status).toBe(200);
    await expect(sandbox.admin.addFault("nonsense")).rejects.toThrow(/service:kind/);
  });

  test("clock: advance and speed; state reports them", async () => {
    const before = sandbox.app.clock.now();
    expect(await sandbox.admin.advance(60_000)).toBe(before + 60_000);
    expect(await sandbox.admin.setSpeed(0)).toBe(0);
    const state = await (await get("/admin/state")).json();
    expect(state).toMatchObject({ now: before + 60_000, speed: 0, seed: 51 });
  });

  test("unknown routes are 404 and counted as errors", async () => {
    await sandbox.admin.resetCounters();
    const response = await get("/binance/api/v9/nothing");
    expect(response.status).toBe(404);
    expect(await sandbox.admin.counters()).toEqual({ "/binance/api/v9/nothing": { requests: 1, errors: 1 } });
  });
});

describe("scenarios", () => {
  test("steps apply as simulated time reaches them", async () => {
    await using venue = await startVenue();
    const scenario = parseScenario(
      JSON.stringify({
        steps: [
          { at_ms: 20_000, remove: { service: "binance" } },
          { at_ms: 0, add: ["coinbase:503"] },
          { at_ms: 5_000, add: ["binance:451", { service: "kraken", kind: "429", params: { retry_after: "1" } }] },
          { at_ms: 30_000, clear: true },
        ],
      }),
    );
    expect(scenario.steps.map((step) => step.at_ms)).toEqual([0, 5_000, 20_000, 30_000]);
    const run = runScenario(venue.app, scenario);
    const status = async (path: string) => (await fetch(`${venue.url}${path}`)).status;
    expect(run.pending()).toBe(3);
    expect(await status("/coinbase/time")).toBe(503);
    expect(await status("/binance/api/v3/time")).toBe(200);
    await venue.admin.advance(5_000);
    while (run.pending() > 2) await Bun.sleep(5);
    expect(await status("/binance/api/v3/time")).toBe(451);
    expect(await status("/kraken/0/public/Time")).toBe(429);
    await venue.admin.advance(15_000);
    while (run.pending() > 1) await Bun.sleep(5);
    expect(await status("/binance/api/v3/time")).toBe(200);
    expect(await status("/coinbase/time")).toBe(503);
    await venue.admin.advance(10_000);
    while (run.pending() > 0) await Bun.sleep(5);
    expect(await status("/coinbase/time")).toBe(200);
  });

  test("invalid scenarios name the step and field", () => {
    expect(() => parseScenario("{")).toThrow(/not valid JSON/);
    expect(() => parseScenario("{}")).toThrow(/"steps" array/);
    expect(() => parseScenario('{"steps":[{"at_ms":-1}]}')).toThrow(/step 1: at_ms/);
    expect(() => parseScenario('{"steps":[{"at_ms":0},{"at_ms":1,"add":["nope"]}]}')).toThrow(/step 2: fault "nope"/);
    expect(() => parseScenario('{"steps":[{"at_ms":0,"remvoe":{}}]}')).toThrow(/unknown field remvoe/);
    expect(() => parseScenario('{"steps":[{"at_ms":0,"add":["binanse:451"]}]}')).toThrow(/step 1: .*unknown service "binanse" \(did you mean binance\?\)/);
    expect(() => parseScenario('{"steps":[{"at_ms":0,"add":[{"service":"kraken","kind":"sloww"}]}]}')).toThrow(/step 1: .*unknown kind "sloww" \(did you mean slow\?\)/);
  });
});

describe("misspelled faults", () => {
  test("a spec naming an unknown service or kind is rejected, by the parser and by POST /admin/faults", async () => {
    expect(() => parseFaultSpec("binanse:451")).toThrow(/unknown service "binanse" \(did you mean binance\?\); services: gamma, clob/);
    expect(() => parseFaultSpec("clob:ghost-fil")).toThrow(/unknown kind "ghost-fil" \(did you mean ghost-fill\?\)/);
    expect(() => parseFaultSpec("binance:45")).toThrow(/unknown kind "45"/);
    for (const spec of ["binance:451", "clob:ghost-fill", "rtds:stale", "binance-ws:drop", "kraken:slow:ms=10"]) expect(() => parseFaultSpec(spec)).not.toThrow();
    await expect(sandbox.admin.addFault("binanse:451")).rejects.toThrow(/unknown service "binanse"/);
    await expect(sandbox.admin.addFault({ service: "kraken", kind: "5003" })).rejects.toThrow(/unknown kind "5003"/);
    expect(await (await get("/admin/faults")).json()).toEqual([]);
  });
});

describe("ports", () => {
  test("separate: each service also at the root of its own port, counted as on the shared port; prefixes keep working", async () => {
    const venue = await startTestSandbox({ startAt: START, ports: "separate" });
    try {
      const state = (await (await fetch(`${venue.url}/admin/state`)).json()) as { services: Record<string, string> };
      expect(state.services).toEqual(venue.services);
      expect(Object.keys(venue.services)).toEqual([...SERVICES]);
      const ports = new Set(Object.values(venue.services).map((url) => new URL(url).port));
      expect(ports.size).toBe(12);
      expect(ports.has(String(venue.port))).toBe(false);
      expect(venue.services.rtds).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      expect(venue.services.binance).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      await venue.admin.resetCounters();
      const own = await fetch(`${venue.services.coinbase}/time`);
      expect(((await own.json()) as { iso: string }).iso).toBe(new Date(START).toISOString());
      expect((await fetch(`${venue.url}/coinbase/time`)).status).toBe(200);
      expect((await fetch(`${venue.services.gamma}/markets?limit=1`)).status).toBe(200);
      // A service's own port serves that service only, and no admin.
      expect((await fetch(`${venue.services.gamma}/coinbase/time`)).status).toBe(404);
      expect((await fetch(`${venue.services.gamma}/admin/state`)).status).toBe(404);
      expect(await venue.admin.counters()).toMatchObject({ "/coinbase/time": { requests: 2, errors: 0 }, "/gamma/markets": { requests: 1, errors: 0 } });

      const ws = new WebSocket(`${venue.services["coinbase-ws"]}/`);
      await new Promise((resolve) => (ws.onopen = resolve));
      ws.send(JSON.stringify({ type: "subscribe", product_ids: ["BTC-USD"], channels: ["ticker"] }));
      const first = await new Promise<any>((resolve) => (ws.onmessage = (event) => resolve(JSON.parse(String(event.data)))));
      expect(first.type).toBe("subscriptions");
      ws.close();
    } finally {
      await venue.stop();
    }
    await expect(fetch(`${venue.services.coinbase}/time`)).rejects.toThrow();
  });

  test("shared (the default): services are the prefixes of the one port", async () => {
    expect(sandbox.services.binance).toBe(`${sandbox.url}/binance`);
    expect(sandbox.services.rtds).toBe(`${sandbox.url.replace("http", "ws")}/rtds`);
  });

  test("a port already in use rejects the start", async () => {
    const { startVenue: startBareVenue } = await import("../../sandbox/index.ts");
    await expect(startBareVenue({ port: sandbox.port, speed: 0 })).rejects.toThrow(/port/i);
    await expect(startBareVenue({ port: 0, ports: "separate", speed: 0 }).then((venue) => venue.stop())).resolves.toBeUndefined();
  });
});
