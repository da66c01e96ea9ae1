/**
 * `pm-arb risk` end to end on the sandbox: decisions with every reason, limits cutting and
 * rejecting from configuration, approvals adding up within one stream, the kill switch, the
 * drawdown halt and its re-arm, `risk | trade` honouring the decisions, and hostile opportunity
 * records refused by `risk` and `trade --dry-run` alike, each with its reason.
 */
import { describe, expect, test } from "bun:test";
import { Decimal } from "../../core/decimal.ts";
import { type DecisionRecord, decisionRecordSchema } from "../../core/records/decision.ts";
import { summaryRecordSchema } from "../../core/records/summary.ts";
import { expectUsageError, piped } from "../helpers/cli.ts";
import { storeRows } from "../helpers/store.ts";
import { tempDb } from "../helpers/temp.ts";
import { cli, paperEnv, records, useFrozenVenue } from "./trade-helpers.ts";

const venue = useFrozenVenue(7);

const input = () => venue.opportunities.join("\n");
const decisions = (lines: Record<string, unknown>[]): DecisionRecord[] => lines.filter((line) => line.type === "decision").map((line) => decisionRecordSchema.parse(line));
const status = async (env: Record<string, string | undefined>) => summaryRecordSchema.parse(records(await cli(["risk", "--status", "--json"], env), "summary")[0]);

describe("risk: decisions", () => {
  test("one decision per opportunity, carrying it; approvals stay inside the limits and add up within the stream", async () => {
    const env = paperEnv(venue, tempDb(), { PM_ARB_MAX_MARKET_EXPOSURE: "20", PM_ARB_MAX_TOTAL_EXPOSURE: "25" });
    const result = await cli(["risk", "--json"], env, input());
    expect(result.code).toBe(0);
    const out = decisions(result.lines);
    expect(out.length).toBe(venue.opportunities.length);
    expect(out.map((decision) => decision.opportunity_id)).toEqual(venue.opportunities.map((line) => JSON.parse(line).id));
    let total = new Decimal(0);
    for (const decision of out) {
      expect(new Decimal(decision.max_cost).lte(20)).toBe(true);
      if (decision.approved) total = total.plus(decision.max_cost);
      else expect(decision.reasons.some((reason) => reason.kind === "reject")).toBe(true);
    }
    expect(total.lte(25)).toBe(true);
    if (out.length > 1) expect(out.slice(1).some((decision) => decision.reasons.some((reason) => reason.code === "max_total_exposure"))).toBe(true);
  });

  // A recording replayed two hours later: its price and book are two hours old.
  const earlier = (iso: string) => new Date(Date.parse(iso) - 2 * 3_600_000).toISOString();
  const replayed = () =>
    piped(
      venue.opportunities.map((line) => JSON.parse(line)).map((r) => ({ ...r, evaluated_at: earlier(r.evaluated_at), price_ts: earlier(r.price_ts), book_ts: earlier(r.book_ts) })),
    );
  const cases: [string, Record<string, string>, string, boolean][] = [
    ["min_edge", { PM_ARB_MIN_EDGE: "0.9" }, "is below min_edge 0.9", false],
    ["stale_price", { PM_ARB_MAX_PRICE_AGE_MS: "3000" }, "(max_price_age_ms 3000)", true],
    ["stale_book", { PM_ARB_MAX_BOOK_AGE_MS: "5000" }, "(max_book_age_ms 5000)", true],
  ];
  test.each(cases)("%s rejects every opportunity, with its reason", async (code, extra, text, replay) => {
    const out = decisions((await cli(["risk", "--json"], paperEnv(venue, tempDb(), extra), replay ? replayed() : input())).lines);
    expect(out.length).toBeGreaterThan(0);
    for (const decision of out) {
      expect(decision.approved).toBe(false);
      expect(decision.budget).toBe("0");
      const reason = decision.reasons.find((item) => item.code === code)!;
      expect(reason.kind).toBe("reject");
      expect(reason.message).toContain(text);
    }
  });

  test("max_trade_size cuts, with the reason and the numbers", async () => {
    const out = decisions((await cli(["risk", "--json"], paperEnv(venue, tempDb(), { PM_ARB_MAX_TRADE_SIZE: "6" }), input())).lines);
    const cut = out.filter((decision) => decision.reasons.some((reason) => reason.code === "max_trade_size" && reason.kind === "cut"));
    expect(cut.length).toBeGreaterThan(0);
    for (const decision of cut) {
      expect(new Decimal(decision.max_cost).lte(6)).toBe(true);
      expect(new Decimal(decision.budget).lt(decision.requested_budget)).toBe(true);
      expect(decision.reasons.find((reason) => reason.code === "max_trade_size")!.message).toMatch(/cut to max_trade_size 6/);
    }
  });

  test("risk | trade: approved decisions are placed (never larger), rejected ones are not", async () => {
    const env = paperEnv(venue, tempDb(), { PM_ARB_MAX_TRADE_SIZE: "6", PM_ARB_MAX_TOTAL_EXPOSURE: "13", PM_ARB_MAX_MARKET_EXPOSURE: "13" });
    const judged = await cli(["risk", "--json"], env, input());
    const out = decisions(judged.lines);
    const traded = await cli(["trade", "--json"], env, judged.stdout);
    const orders = records(traded, "order");
    expect(orders.length).toBe(out.length);
    for (const [i, decision] of out.entries()) {
      const order = orders[i]!;
      if (!decision.approved) expect(order.reason).toMatch(/^risk \(upstream decision\)/);
      else if (order.status === "filled") expect(new Decimal(order.maker_amount).lte(decision.budget)).toBe(true);
    }
  });
});

describe("risk: stops", () => {
  test("the kill switch: set, seen by --status and by trade, cleared", async () => {
    const env = paperEnv(venue, tempDb());
    const set = await cli(["stop", "--reason", "manual stop for the test", "--json"], env);
    expect(set.code).toBe(0);
    const on = await status(env);
    expect(on.halted).toBe(true);
    expect(on.kill_switch?.reason).toBe("manual stop for the test");
    const traded = await cli(["trade", "--json"], env, input());
    expect(traded.code).toBe(0);
    const rejected = records(traded, "order");
    expect(rejected).toHaveLength(venue.opportunities.length);
    for (const order of rejected) {
      expect(order.status).toBe("rejected");
      expect(order.reason).toMatch(/kill_switch: kill switch set since .*manual stop for the test/);
    }
    // None stored, whatever its status.
    expect(storeRows(env.PM_ARB_DB!, "SELECT count(*) AS n FROM orders")).toEqual([{ n: 0 }]);
    expect((await cli(["stop", "--clear"], env)).code).toBe(0);
    expect((await status(env)).halted).toBe(false);
  });

  test("the kill switch has one name: risk --kill and --unkill are usage errors pointing to pm-arb stop", async () => {
    const env = paperEnv(venue, tempDb());
    expectUsageError(await cli(["risk", "--kill", "why"], env), /^pm-arb: error: the kill switch is pm-arb stop: pm-arb stop --reason TEXT/);
    expectUsageError(await cli(["risk", "--unkill"], env), /^pm-arb: error: the kill switch is re-armed with pm-arb stop --clear/);
    expect((await status(env)).halted).toBe(false);
  });

  test("a drawdown past the limit halts trading until a person re-arms it", async () => {
    const env = paperEnv(venue, tempDb(), { PM_ARB_MAX_DRAWDOWN: "0.001" });
    await cli(["trade", "--json"], { ...env, PM_ARB_MAX_DRAWDOWN: "0.5" }, input());
    // Marked at the bids, the new positions are worth less than they cost (spread and fees).
    await cli(["positions", "--mark"], env);
    const marked = await status(env);
    expect(new Decimal(marked.drawdown).gt("0.001")).toBe(true);

    // One more opportunity (a fresh id) however few the venue offered: the rest of the stream meets the halt the first one set.
    const another = JSON.stringify({ ...JSON.parse(venue.opportunities[0]!), id: "opp_00000000000000000000cafe" });
    const judged = await cli(["risk", "--json"], env, `${input()}\n${another}`);
    const out = decisions(judged.lines);
    expect(out.length).toBe(venue.opportunities.length + 1);
    expect(out[0]!.reasons.map((reason) => reason.code)).toContain("drawdown");
    for (const decision of out.slice(1)) expect(decision.reasons[0]!.code).toBe("halted");
    expect(records(judged, "alert").map((alert) => alert.kind)).toEqual(["drawdown_halt"]);
    const halted = await status(env);
    expect(halted.halted).toBe(true);
    expect(halted.halt_reason).toMatch(/^drawdown .* exceeds max_drawdown 0.1%/);
    expect(halted.usage!.find((line) => line.limit === "max_drawdown")!.breached).toBe(true);
    // Still halted in a new process: the halt lives in the store (a fresh opportunity id, so it is not a duplicate).
    const fresh = JSON.stringify({ ...JSON.parse(venue.opportunities[0]!), id: "opp_00000000000000000000beef" });
    const blocked = records(await cli(["trade", "--json"], env, fresh), "order");
    expect(blocked).toHaveLength(1);
    expect(blocked[0]!.status).toBe("rejected");
    expect(blocked[0]!.reason).toMatch(/^risk: halted: trading halted since .*re-arm it \(pm-arb risk --rearm\)/);

    const rearmed = summaryRecordSchema.parse(records(await cli(["risk", "--rearm", "--json"], env), "summary")[0]);
    expect(rearmed.halted).toBe(false);
    expect(rearmed.drawdown).toBe("0");
    const after = decisions((await cli(["risk", "--json"], env, input())).lines);
    expect(after.length).toBeGreaterThan(0);
    for (const decision of after) expect(decision.reasons.filter((reason) => reason.code === "halted" || reason.code === "drawdown")).toEqual([]);
  }, 30_000);
});

describe("risk and trade check what they are told", () => {
  type Line = Record<string, any>;
  const honest = (): Line => JSON.parse(venue.opportunities[0]!);
  const hourBefore = (iso: string) => new Date(Date.parse(iso) - 3_600_000).toISOString();
  // [lie, the record's change, the reason: a decision's code, or the schema's words on stderr]
  const lies: [string, (record: Line) => Line, string | RegExp][] = [
    ["net edge 0.5 with fair below the price", (r) => ({ ...r, fair: "0.1", net_edge: "0.5" }), "inconsistent_edge"],
    ["fair 1.5", (r) => ({ ...r, fair: "1.5" }), "fair_out_of_range"],
    ["fair −0.3", (r) => ({ ...r, fair: "-0.3" }), "fair_out_of_range"],
    ["avg_price above limit_price", (r) => ({ ...r, avg_price: new Decimal(r.limit_price).plus("0.05").toString() }), "avg_above_limit"],
    ["accepting_orders: false", (r) => ({ ...r, accepting_orders: false }), "not_accepting"],
    ["evaluated_at in 2099", (r) => ({ ...r, evaluated_at: "2099-01-01T00:00:00.000Z" }), "evaluated_in_future"],
    ["a negative age", (r) => ({ ...r, book_age_ms: -5000 }), "negative_age"],
    ["limit_price 0.99 against fair 0.35", (r) => ({ ...r, limit_price: "0.99", fair: "0.35" }), "limit_not_below_fair"],
    ["an age that is not its timestamp's", (r) => ({ ...r, book_ts: hourBefore(r.book_ts) }), "inconsistent_age"],
    ["a condition id claimed for another market's token", (r) => ({ ...r, condition_id: `0x${"1".repeat(64)}` }), "market_mismatch"],
    ["a 5000-digit edge", (r) => ({ ...r, net_edge: "9".repeat(5000) }), /net_edge: expected a decimal of at most 64 characters/],
    ["a tick size of 0", (r) => ({ ...r, tick_size: "0" }), /tick_size: expected a decimal above zero/],
    ["a negative fee rate", (r) => ({ ...r, fee_schedule: { ...r.fee_schedule, rate: "-0.072" } }), /rate: expected a fee rate in \[0, 1\]/],
  ];
  /** Each lie under an id of its own (so none is a replay of another), after the honest record. */
  const hostile = () => [honest(), ...lies.map(([, lie], i) => ({ ...lie(honest()), id: `opp_${i.toString(16).padStart(24, "0")}` }))];
  const input = () => piped(hostile());
  const coded = lies.flatMap(([name, , reason], i) => (typeof reason === "string" ? [{ name, id: `opp_${i.toString(16).padStart(24, "0")}`, code: reason }] : []));
  const refused = lies.flatMap(([, , reason]) => (typeof reason === "string" ? [] : [reason]));

  test("risk: the honest record is approved, every lie rejected with its reason or refused as a bad record", async () => {
    const result = await cli(["risk", "--json"], paperEnv(venue, tempDb()), input());
    expect(result.code).toBe(0);
    const out = decisions(result.lines);
    expect(out.map((decision) => decision.opportunity_id)).toEqual([honest().id, ...coded.map((lie) => lie.id)]);
    expect(out[0]!.approved).toBe(true);
    for (const [i, lie] of coded.entries()) {
      const decision = out[i + 1]!;
      expect({ lie: lie.name, approved: decision.approved, budget: decision.budget }).toEqual({ lie: lie.name, approved: false, budget: "0" });
      expect({ lie: lie.name, codes: decision.reasons.filter((reason) => reason.kind === "reject").map((reason) => reason.code) }).toEqual({
        lie: lie.name,
        codes: expect.arrayContaining([lie.code]),
      });
    }
    for (const words of refused) expect(result.stderr).toMatch(words);
  }, 30_000);

  test("trade --dry-run: the honest record is filled, no lie is: each order rejected with its reason", async () => {
    const result = await cli(["trade", "--dry-run", "--json"], paperEnv(venue, tempDb()), input());
    expect(result.code).toBe(0);
    const orders = records(result, "order");
    expect(orders.map((order) => order.opportunity_id)).toEqual([honest().id, ...coded.map((lie) => lie.id)]);
    expect(orders[0]!.status).toBe("filled");
    for (const [i, lie] of coded.entries()) {
      const order = orders[i + 1]!;
      expect({ lie: lie.name, status: order.status }).toEqual({ lie: lie.name, status: "rejected" });
      expect(order.reason).toContain(`${lie.code}: `);
    }
    expect(records(result, "fill").every((fill) => fill.client_order_id === orders[0]!.client_order_id)).toBe(true);
    for (const words of refused) expect(result.stderr).toMatch(words);
  }, 30_000);

  test("trade: the cooldown counts against the market of the token bought, not the market a record names", async () => {
    const env = paperEnv(venue, tempDb(), { PM_ARB_COOLDOWN_MS: "600000" });
    const first = honest();
    const again = { ...first, id: "opp_0000000000000000000c00d1", condition_id: `0x${"2".repeat(64)}` };
    const result = await cli(["trade", "--dry-run", "--json"], env, piped([first, again]));
    const [placed, second] = records(result, "order");
    expect(placed!.status).toBe("filled");
    expect(second!.status).toBe("rejected");
    expect(second!.reason).toContain("market_mismatch: ");
    expect(second!.reason).toMatch(/cooldown: last order in this market \d+ ms ago/);
  }, 30_000);
});
