import { describe, expect, test } from "bun:test";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { resolveConfig } from "../../../core/config/load.ts";
import { Decimal } from "../../../core/decimal.ts";
import { planIntent } from "../../../core/ledger/intent.ts";
import { insertIntent } from "../../../core/ledger/ledger.ts";
import { chooseMode } from "../../../core/ledger/mode.ts";
import { openStore } from "../../../core/store/open.ts";
import { orders } from "../../../core/store/schema.ts";
import { runTrade } from "../../../core/trade/run.ts";
import { tempDir } from "../../helpers/temp.ts";
import { candidate, NOW } from "./fixtures.ts";

const dir = tempDir();

describe("mode", () => {
  const choose = (live: boolean, env: Record<string, string>, file?: object) => {
    if (file) writeFileSync(join(dir, "pm-arb.config.json"), JSON.stringify(file));
    else rmSync(join(dir, "pm-arb.config.json"), { force: true });
    return chooseMode(live, resolveConfig({ env, cwd: dir, home: dir }), env);
  };
  test.each([
    [false, {}, undefined, "paper", undefined],
    [true, {}, undefined, "live", undefined],
    [true, { PAPER_TRADING: "true" }, undefined, "paper", /PAPER_TRADING is set/],
    [true, { PAPER_TRADING: "1" }, undefined, "paper", /PAPER_TRADING/],
    [true, { PAPER_TRADING: "false" }, undefined, "live", undefined],
    [false, { PAPER_TRADING: "false" }, undefined, "paper", undefined],
    [true, { PM_ARB_PAPER_TRADING: "true" }, undefined, "paper", /PM_ARB_PAPER_TRADING is true/],
    [true, { PM_ARB_PAPER_TRADING: "true", PAPER_TRADING: "false" }, undefined, "paper", /PM_ARB_PAPER_TRADING is true/],
    [true, { PM_ARB_PAPER_TRADING: "false" }, undefined, "live", undefined],
    [true, {}, { paper_trading: true }, "paper", /paper_trading is true in .*pm-arb\.config\.json/],
    [true, {}, { paper_trading: false }, "live", undefined],
    [true, { PAPER_TRADING: "true" }, { paper_trading: false }, "paper", /PAPER_TRADING is set/],
  ] as const)("--live %p with %p and file %p → %s", (live, env, file, mode, note) => {
    const choice = choose(live, env, file);
    expect(choice.mode).toBe(mode);
    if (note) expect(choice.note).toMatch(note);
    else expect(choice.note).toBeUndefined();
  });
});

describe("runTrade start-up (paper)", () => {
  test("a paper intent left pending by an interrupted run is closed as failed, with a record", async () => {
    const db = join(dir, "store.sqlite");
    const store = openStore(db);
    const planned = planIntent(candidate(), new Decimal("5"), { mode: "paper", orderType: "FOK" });
    if (!planned.ok) throw new Error(planned.error);
    insertIntent(store.db, planned.value, NOW);
    store.close();
    const out: Record<string, unknown>[] = [];
    const empty = (async function* () {})();
    await runTrade({ live: false, partial: false, settleTimeoutMs: 0, heartbeatMs: 5000 }, (record) => out.push(record), {
      env: { PM_ARB_DB: db, PM_ARB_SANDBOX_URL: "http://127.0.0.1:1" },
      lines: empty,
    });
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ type: "order", status: "failed", reason: "interrupted before the paper fill was recorded; nothing was placed" });
    using reopened = openStore(db);
    expect(reopened.db.select().from(orders).get()!.status).toBe("failed");
  });
});
