/**
 * The venue heartbeat chain: on the sandbox, a live session's beats keep succeeding, chain their
 * ids, and recover on their own when the venue's chain is not theirs — after it lapsed (the
 * sandbox forgot it) or after an answer was lost. The loop's own rules with scripted sessions.
 */
import { describe, expect, test } from "bun:test";
import { type Heartbeat, startHeartbeat } from "../../../../../core/adapters/polymarket/execution/dead-man-switch.ts";
import { InvalidHeartbeatId } from "../../../../../core/adapters/polymarket/execution/session-errors.ts";
import { processCandidate } from "../../../../../core/trade/engine.ts";
import type { SandboxExchange } from "../../../../../sandbox/clob/exchange.ts";
import { until } from "../../../../helpers/until.ts";
import { candidateFor, liveEngine, liveSession, sandboxPerFile, tradableMarkets } from "../../../trade/live-helpers.ts";

describe("heartbeats against the sandbox", () => {
  const sandbox = sandboxPerFile(43);

  test("beats succeed over time; when the sandbox forgets the chain, or an answer is lost, the next beat continues the venue's chain", async () => {
    const { session, wallet } = await liveSession(sandbox);
    const account = wallet.address.toLowerCase();
    const watching = () => (sandbox.app.exchange as SandboxExchange).heartbeats.isWatched(account);
    const warnings: string[] = [];
    const sent: string[] = [];
    let loseNextAnswer = false;
    const watched = {
      heartbeat: async (id: string) => {
        sent.push(id);
        const next = await session.heartbeat(id);
        if (loseNextAnswer) {
          loseNextAnswer = false;
          throw new Error("connection reset before the answer arrived");
        }
        return next;
      },
    };
    const heartbeat: Heartbeat = startHeartbeat(watched, { intervalMs: 10, onError: (message) => warnings.push(message) });
    try {
      await until(() => heartbeat.beats >= 20, "20 beats");
      expect({ failures: heartbeat.failures, resyncs: heartbeat.resyncs, warnings }).toEqual({ failures: 0, resyncs: 0, warnings: [] });
      expect(sent[0]).toBe("");
      expect(new Set(sent).size).toBe(sent.length);
      expect(watching()).toBe(true);

      // The chain lapses in venue time (10 s + 5 s buffer): the venue forgets it and expects a new one.
      await sandbox.admin.advance(16_000);
      const lapsedAt = heartbeat.beats;
      await until(() => heartbeat.beats >= lapsedAt + 10, "beats after the lapse");
      expect(heartbeat.failures).toBe(0);
      expect(heartbeat.resyncs).toBe(1);
      expect(warnings).toEqual([expect.stringContaining("no heartbeat chain for this account")]);
      expect(watching()).toBe(true);

      // An answer lost on the way back: the venue moved on, pm-arb did not; the refusal realigns it.
      loseNextAnswer = true;
      await until(() => heartbeat.failures === 1, "the lost answer");
      const lostAt = heartbeat.beats;
      await until(() => heartbeat.beats >= lostAt + 10, "beats after the lost answer");
      expect(heartbeat.failures).toBe(1);
      expect(heartbeat.resyncs).toBe(2);
      expect(warnings.slice(1)).toEqual(["connection reset before the answer arrived", expect.stringContaining("an answer was lost")]);
      expect(heartbeat.foreign).toBe(false);
    } finally {
      heartbeat.stop();
    }
  });

  test("the session reads the venue's refusal: InvalidHeartbeatId with the id it expects", async () => {
    const { session } = await liveSession(sandbox);
    const first = await session.heartbeat("");
    const refusal = await session.heartbeat("not-the-id").catch((error) => error);
    expect(refusal).toBeInstanceOf(InvalidHeartbeatId);
    expect((refusal as InvalidHeartbeatId).expectedId).toBe(first);
    expect(await session.heartbeat(first)).not.toBe(first);
  });

  test("while pm-arb beats, a delayed (resting) order survives; when the beats stop, the venue cancels it", async () => {
    const { session, ctx } = await liveEngine(sandbox);
    await sandbox.admin.addFault("clob:delayed:path=/order,ms=60000");
    const outcome = await processCandidate(ctx, candidateFor(sandbox, tradableMarkets(sandbox)[0]!));
    await sandbox.admin.clearFaults();
    expect(outcome.kind === "placed" && outcome.order.status).toBe("open");
    let id = await session.heartbeat("");
    for (let i = 0; i < 3; i++) {
      await sandbox.admin.advance(5_000);
      id = await session.heartbeat(id);
    }
    expect((await session.openOrders({})).length).toBe(1);
    await sandbox.admin.advance(20_000);
    expect((await session.openOrders({})).length).toBe(0);
  });
});

describe("the heartbeat loop's rules", () => {
  /** A scripted venue: each answer in turn (an id, a refusal, or a failure); "next" after the script. */
  function scripted(script: (string | Error)[]) {
    const sent: string[] = [];
    const foreign: string[] = [];
    const warnings: string[] = [];
    const heartbeat = startHeartbeat(
      {
        heartbeat: async (id) => {
          sent.push(id);
          const next = script.shift() ?? `next${sent.length}`;
          if (next instanceof Error) throw next;
          return next;
        },
      },
      { intervalMs: 1, onForeign: (message) => foreign.push(message), onError: (message) => warnings.push(message) },
    );
    return { heartbeat, sent, foreign, warnings };
  }

  test("one resync per refusal; a second refusal in a row is a failure; a failure keeps the id; stop stops it", async () => {
    const { heartbeat, sent, warnings } = scripted(["a", new InvalidHeartbeatId("z"), "b", new Error("503"), new InvalidHeartbeatId(""), new InvalidHeartbeatId("q"), "c"]);
    await until(() => sent.length >= 8, "eight sends");
    heartbeat.stop();
    // "" → a; a refused (venue wants z) → z → b; b fails (503); b again refused (wants "") → "" refused again (wants q): failure; b → c.
    expect(sent.slice(0, 8)).toEqual(["", "a", "z", "b", "b", "", "b", "c"]);
    expect(heartbeat.resyncs).toBe(2);
    expect(heartbeat.failures).toBe(2);
    expect(heartbeat.foreign).toBe(false);
    expect(warnings).toContain("503");
    const count = sent.length;
    await Bun.sleep(60);
    expect(sent.length).toBe(count);
  });

  test("the chain moving twice under answered beats is another process: reported once, and the beats go on", async () => {
    // "" → a; a refused (the venue moved to x) → x → b; b refused (moved to y) → y → c; c refused (moved to w) → w → d.
    const { heartbeat, sent, foreign, warnings } = scripted(["a", new InvalidHeartbeatId("x"), "b", new InvalidHeartbeatId("y"), "c", new InvalidHeartbeatId("w"), "d"]);
    await until(() => sent.length >= 9, "nine sends");
    heartbeat.stop();
    expect(sent.slice(0, 8)).toEqual(["", "a", "x", "b", "y", "c", "w", "d"]);
    expect(heartbeat.foreign).toBe(true);
    expect(foreign).toEqual([expect.stringContaining("another process is sending the venue heartbeat")]);
    expect(warnings).toEqual([expect.stringContaining("moved past this engine's last beat")]);
    expect(heartbeat.failures).toBe(0);
  });

  test("its own chain is not another process: an id expected at start-up (a restart) or after a lost answer, or a new chain", async () => {
    // Start-up: "" refused (an earlier run's chain r) → r → a; a fails (lost); a refused (moved to m) → m → b;
    // b refused ("": lapsed) → "" → c; c refused (moved to k, once) → k → d; then quiet.
    const { heartbeat, sent, foreign } = scripted([
      new InvalidHeartbeatId("r"),
      "a",
      new Error("socket hang up"),
      new InvalidHeartbeatId("m"),
      "b",
      new InvalidHeartbeatId(""),
      "c",
      new InvalidHeartbeatId("k"),
      "d",
    ]);
    await until(() => sent.length >= 14, "fourteen sends");
    heartbeat.stop();
    expect(sent.slice(0, 10)).toEqual(["", "r", "a", "a", "m", "b", "", "c", "k", "d"]);
    expect(heartbeat.foreign).toBe(false);
    expect(foreign).toEqual([]);
    expect(heartbeat.resyncs).toBe(4);
  });
});
