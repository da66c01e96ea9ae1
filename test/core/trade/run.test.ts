import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Decimal } from "../../../core/decimal.ts";
import { insertIntent } from "../../../core/positions/ledger.ts";
import { openStore } from "../../../core/store/open.ts";
import { orders } from "../../../core/store/schema.ts";
import { planIntent } from "../../../core/trade/intent.ts";
import { chooseMode } from "../../../core/trade/mode.ts";
import { runTrade } from "../../../core/trade/run.ts";
import { candidate, NOW } from "./fixtures.ts";

describe("mode", () => {
  test.each([
    [false, {}, "paper", undefined],
    [true, {}, "live", undefined],
    [true, { PAPER_TRADING: "true" }, "paper", /PAPER_TRADING is set/],
    [true, { PAPER_TRADING: "1" }, "paper", /PAPER_TRADING/],
    [true, { PAPER_TRADING: "false" }, "live", undefined],
    [true, { PAPER_TRADING: "bogus" }, "paper", /PAPER_TRADING/],
    [false, { PAPER_TRADING: "false" }, "paper", undefined],
  ] as const)("--live %p with %p → %s", (live, env, mode, note) => {
    const choice = chooseMode(live, env);
    expect(choice.mode).toBe(mode);
    if (note) expect(choice.note).toMatch(note);
    else expect(choice.note).toBeUndefined();
  });
});

describe("runTrade start-up (paper)", () => {
  test("a paper intent left pending by an interrupted run is closed as failed, with a record", async () => {
    const db = join(mkdtempSync(join(tmpdir(), "pm-arb-run-")), "store.sqlite");
    const store = openStore(db);
    const planned = planIntent(candidate(), new Decimal("5"), { mode: "paper", orderType: "FOK" });
    if (!planned.ok) throw new Error(planned.error);
    insertIntent(store.db, planned.value, NOW);
    store.close();
    const out: Record<string, unknown>[] = [];
    const empty = (async function* () {})();
    await runTrade({ live: false, partial: false, settleTimeoutMs: 0, heartbeatMs: 5000 }, (record) => out.push(record), { env: { PM_ARB_DB: db, PM_ARB_SANDBOX_URL: "http://127.0.0.1:1" }, lines: empty });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ type: "order", status: "failed", reason: "interrupted before the paper fill was recorded; nothing was placed" });
    const reopened = openStore(db);
    expect(reopened.db.select().from(orders).get()!.status).toBe("failed");
    reopened.close();
  });
});
