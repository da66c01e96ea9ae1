import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseScenario, runScenario } from "../../sandbox/scenario.ts";
import { startTestSandbox, type TestSandbox } from "../helpers/sandbox.ts";

let sandbox: TestSandbox;
const START = Date.UTC(2026, 10, 25, 12, 0, 0);

beforeAll(async () => {
  sandbox = await startTestSandbox({ seed: 51, startAt: START });
});
afterAll(() => sandbox.stop());

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
    const venue = await startTestSandbox({ startAt: START });
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
    await venue.stop();
  });

  test("invalid scenarios name the step and field", () => {
    expect(() => parseScenario("{")).toThrow(/not valid JSON/);
    expect(() => parseScenario("{}")).toThrow(/"steps" array/);
    expect(() => parseScenario('{"steps":[{"at_ms":-1}]}')).toThrow(/step 1: at_ms/);
    expect(() => parseScenario('{"steps":[{"at_ms":0},{"at_ms":1,"add":["nope"]}]}')).toThrow(/step 2: fault "nope"/);
    expect(() => parseScenario('{"steps":[{"at_ms":0,"remvoe":{}}]}')).toThrow(/unknown field remvoe/);
  });
});
