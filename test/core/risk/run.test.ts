/** `pm-arb risk --rearm` on a store: it clears a halt, and only a halt. */
import { describe, expect, test } from "bun:test";
import { Decimal } from "../../../core/decimal.ts";
import { runRisk } from "../../../core/risk/run.ts";
import { getHalt, getHighWaterMark, setHalt, setHighWaterMark } from "../../../core/risk/stops.ts";
import { openStore } from "../../../core/store/open.ts";
import { tempDb } from "../../helpers/temp.ts";

const NOW = new Date("2026-11-25T12:00:00Z");

/** A store whose high-water mark is 200 while equity is 175 (the bankroll, nothing traded): a 12.5% drawdown. */
function drawnDown(name: string, halted: boolean) {
  const db = tempDb(name);
  using store = openStore(db);
  setHighWaterMark(store.db, "paper", new Decimal(200), NOW);
  if (halted) setHalt(store.db, "paper", "drawdown 12.5% exceeds max_drawdown 10%", NOW);
  return { db, env: { PM_ARB_DB: db, PM_ARB_BANKROLL: "175", PM_ARB_MAX_DRAWDOWN: "0.2" } };
}

async function rearm(env: Record<string, string>) {
  const out: Record<string, unknown>[] = [];
  await runRisk({ action: { kind: "rearm" }, live: false }, (record) => out.push(record), { env, now: () => NOW });
  return out[0]!;
}

function stops(db: string) {
  using store = openStore(db);
  return { hwm: getHighWaterMark(store.db, "paper")?.toString(), halt: getHalt(store.db, "paper") };
}

describe("risk --rearm", () => {
  test("with nothing halted it changes nothing: the high-water mark stays, and so does the drawdown", async () => {
    const { db, env } = drawnDown("calm", false);
    const summary = await rearm(env);
    expect(summary).toMatchObject({ type: "summary", halted: false, drawdown: "0.125" });
    expect(stops(db)).toEqual({ hwm: "200", halt: undefined });
  });

  test("a halt is cleared, and the high-water mark restarts from today's equity", async () => {
    const { db, env } = drawnDown("halted", true);
    const summary = await rearm(env);
    expect(summary).toMatchObject({ type: "summary", halted: false, drawdown: "0" });
    expect(stops(db)).toEqual({ hwm: "175", halt: undefined });
  });
});
