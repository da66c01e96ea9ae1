/**
 * Streams against the sandbox over real WebSockets: data from the feeds, a dropped socket replaced
 * with REST filling the gap, a silent socket (open, answering pings, no data) detected from the data
 * flow and replaced, and the settlement basis matching the sandbox's configured offset.
 */
import { describe, expect, test } from "bun:test";
import { createOracle, type OracleOptions, type OraclePrice } from "../../../core/oracle/oracle.ts";
import type { StreamManager } from "../../../core/oracle/stream-manager.ts";
import { startTestSandbox } from "../../helpers/sandbox.ts";
import { until } from "../../helpers/until.ts";
import { oracleSandbox, recordingLog, requests, sandboxUrls } from "./support.ts";

const { sandbox, open } = oracleSandbox();

function streaming(overrides: Partial<OracleOptions> = {}) {
  const log = recordingLog();
  const ticks: OraclePrice[] = [];
  const oracle = createOracle({
    providers: ["binance", "coinbase"],
    urls: sandboxUrls(sandbox),
    timeouts: { requestMs: 1_000 },
    pollMs: 100,
    liveness: { minMs: 400, initialMs: 1_000, factor: 4, maxMs: 3_000 },
    log,
    ...overrides,
  });
  open.push(oracle);
  const stream = (provider: "binance" | "coinbase" | "rtds") => (oracle as unknown as { stream(p: string): StreamManager | undefined }).stream(provider)!;
  return { oracle, log, ticks, onTick: (price: OraclePrice) => ticks.push(price), stream };
}

describe("streams", () => {
  test("prices arrive from the Binance stream; REST is not polled while it flows", async () => {
    const { oracle, ticks, onTick, stream } = streaming();
    oracle.startStreams(["BTC", "ETH"], onTick);
    await until(() => stream("binance").stats.quotes >= 10, "binance stream quotes");
    const before = await requests(sandbox, "/binance/api");
    const seen = ticks.length;
    await Bun.sleep(600);
    expect(await requests(sandbox, "/binance/api")).toBe(before);
    expect(ticks.length).toBeGreaterThan(seen);
    expect(ticks.at(-1)!.source).toBe("binance");
    expect(ticks.at(-1)!.stale).toBe(false);
    expect(oracle.streamStates()).toEqual({ binance: "up", coinbase: "up" });
  });

  test("bookTicker feed: priced at the mid of best bid and ask", async () => {
    const { oracle, onTick, stream } = streaming({ providers: ["binance"], binanceFeed: "bookTicker" });
    oracle.startStreams(["BTC"], onTick);
    await until(() => stream("binance").stats.quotes >= 3, "bookTicker quotes");
    const price = oracle.current("BTC")!;
    expect(price.source).toBe("binance");
    expect(price.price.decimalPlaces()).toBeLessThanOrEqual(3);
  });

  test("disconnect: REST fills the gap while the stream is down, then the stream comes back", async () => {
    const { oracle, ticks, onTick, stream, log } = streaming({ providers: ["binance"] });
    oracle.startStreams(["BTC", "ETH"], onTick);
    await until(() => stream("binance").stats.quotes >= 5, "binance stream quotes");
    const restBefore = await requests(sandbox, "/binance/api");
    await sandbox.admin.addFault("binance-ws:refuse");
    await sandbox.admin.addFault("binance-ws:drop");
    await until(() => oracle.streamStates().binance !== "up", "stream down");
    await until(async () => (await requests(sandbox, "/binance/api")) >= restBefore + 3, "REST polling while down");
    const during = ticks.length;
    await until(() => ticks.length > during + 2, "ticks from REST while down");
    expect(oracle.current("BTC")?.stale).toBe(false);
    expect(log.warnings.join("\n")).toContain("binance stream down");
    await sandbox.admin.removeFaults({ service: "binance-ws" });
    await until(() => oracle.streamStates().binance === "up" && stream("binance").stats.connects >= 2, "reconnected", 15_000);
    await until(() => stream("binance").fresh("BTC"), "stream data again");
    const restAfter = await requests(sandbox, "/binance/api");
    await Bun.sleep(500);
    expect(await requests(sandbox, "/binance/api")).toBeLessThanOrEqual(restAfter + 1);
  });

  test("a silent socket (open, pinged, no data) is detected from the data flow and replaced", async () => {
    const { oracle, onTick, stream, log } = streaming({ providers: ["binance"] });
    oracle.startStreams(["BTC", "ETH"], onTick);
    await until(() => stream("binance").stats.quotes >= 10, "binance stream quotes");
    const connects = stream("binance").stats.connects;
    const upgrades = async () => (await sandbox.admin.counters())["/binance-ws/stream"]?.requests ?? 0;
    const upgradesBefore = await upgrades();
    await sandbox.admin.addFault("binance-ws:silent");
    await until(() => stream("binance").stats.silentKills >= 1, "silence detected");
    expect(log.warnings.join("\n")).toContain("silent: open but no data");
    const restBefore = await requests(sandbox, "/binance/api");
    await until(async () => (await requests(sandbox, "/binance/api")) > restBefore, "REST fill while silent");
    await until(() => stream("binance").stats.connects > connects, "replacement socket");
    expect(await upgrades()).toBeGreaterThan(upgradesBefore);
    await sandbox.admin.removeFaults({ service: "binance-ws", kind: "silent" });
    const quotes = stream("binance").stats.quotes;
    await until(() => stream("binance").stats.quotes > quotes + 3 && oracle.streamStates().binance === "up", "data on the new socket", 15_000);
  });

  test("one symbol's stream data frozen (old timestamps) while others flow: the socket is kept, REST fills that symbol", async () => {
    const { oracle, onTick, stream } = streaming({ providers: ["binance"], maxAgeMs: { binance: 600 } });
    oracle.startStreams(["BTC", "ETH"], onTick);
    await until(() => stream("binance").stats.quotes >= 10, "binance stream quotes");
    // Freeze BTC's stream quotes only: same price and timestamp, so its data is old though it flows.
    await sandbox.admin.addFault("binance-ws:stale:symbol=BTC");
    const restBefore = await requests(sandbox, "/binance/api");
    await until(async () => (await requests(sandbox, "/binance/api")) > restBefore + 2, "REST for the stale symbol", 10_000);
    expect(stream("binance").stats.silentKills).toBe(0);
    // BTC's price is REST's now (Binance's ticker carries no timestamp), not the frozen stream quote's.
    expect(oracle.current("BTC")?.source).toBe("binance");
    expect(oracle.current("BTC")!.sourceTs).toBeUndefined();
  });
});

// The settlement stream reports once a simulated second, as Chainlink does: these venues run at 10×
// so that samples gather in under a real second.
describe("settlement basis", () => {
  test("settlement is kept apart from exchange prices; the basis matches the sandbox's Binance–Chainlink offset", async () => {
    const fast = await startTestSandbox({ startAt: Date.now(), speed: 10 });
    try {
      const { oracle, onTick, stream } = streaming({ providers: ["rtds", "binance"], urls: sandboxUrls(fast) });
      oracle.startStreams(["BTC", "ETH"], onTick);
      await until(() => (oracle.basis("BTC")?.samples ?? 0) >= 8 && (oracle.basis("ETH")?.samples ?? 0) >= 8, "basis samples", 15_000);
      expect(stream("rtds").stats.quotes).toBeGreaterThan(0);
      for (const symbol of ["BTC", "ETH"]) {
        const current = oracle.current(symbol)!;
        const settlement = oracle.settlement(symbol)!;
        expect(current.source).toBe("binance");
        expect(settlement.price.eq(current.price)).toBe(false);
        // settlement = truth × (1 − 19 bps); basis = (exchange − settlement) / settlement ≈ 19.04 bps.
        expect(Math.abs(oracle.basis(symbol)!.bps.toNumber() - 19.04)).toBeLessThan(3);
      }
    } finally {
      await Promise.all(open.splice(0).map((o) => o.close()));
      await fast.stop();
    }
  });

  test("a different configured offset is tracked too (one-shot refreshes, RTDS opened on demand)", async () => {
    const other = await startTestSandbox({ startAt: Date.now(), speed: 10, chainlinkOffsetBps: 45 });
    const oracle = createOracle({ providers: ["binance", "rtds"], urls: sandboxUrls(other) });
    try {
      for (let i = 0; i < 6; i++) {
        await oracle.refresh(["SOL"]);
        await Bun.sleep(150);
      }
      const basis = oracle.basis("SOL")!;
      expect(basis.samples).toBeGreaterThanOrEqual(6);
      expect(Math.abs(basis.bps.toNumber() - 45.2)).toBeLessThan(3);
    } finally {
      await oracle.close();
      await other.stop();
    }
  });
});
