/** The user channel client against the sandbox's `/clob-ws/ws/user`: authenticated, parsed, never crashed by a frame. */
import { afterEach, expect, test } from "bun:test";
import { UserChannel, type UserOrder, type UserTrade } from "../../../../../core/adapters/polymarket/channels/user-channel.ts";
import { Credentials } from "../../../../../core/credentials.ts";
import { processCandidate } from "../../../../../core/trade/engine.ts";
import type { TestWallet } from "../../../../helpers/sandbox.ts";
import { until } from "../../../../helpers/until.ts";
import { candidateFor, liveEngine, sandboxPerFile, tradableMarkets } from "../../../trade/live-helpers.ts";

const sandbox = sandboxPerFile(21);
const open: UserChannel[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((channel) => channel.stop()));
});

function channel(wallet: TestWallet, apiKey = wallet.creds!.apiKey) {
  const trades: UserTrade[] = [];
  const orders: UserOrder[] = [];
  const problems: string[] = [];
  const states: string[] = [];
  const creds = wallet.creds!;
  const ch = new UserChannel({
    wsUrl: sandbox.ws("/clob-ws"),
    credentials: new Credentials(wallet.privateKey, { key: apiKey, secret: creds.secret, passphrase: creds.passphrase }, undefined, 0),
    pingEveryMs: 100,
    reconnectBaseMs: 20,
    onTrade: (trade) => trades.push(trade),
    onOrder: (order) => orders.push(order),
    onProblem: (problem) => problems.push(problem),
    onState: (state, reason) => states.push(`${state}: ${reason}`),
  });
  open.push(ch);
  ch.start();
  return { ch, trades, orders, problems, states };
}

test("subscribed with the session's key: this wallet's trades, parsed, each status in turn", async () => {
  const { ctx, wallet } = await liveEngine(sandbox);
  const { ch, trades, problems } = channel(wallet);
  await until(() => ch.subscribed, "the subscription confirmed");
  const outcome = await processCandidate(ctx, candidateFor(sandbox, tradableMarkets(sandbox)[0]!));
  expect(outcome.kind === "placed" && outcome.order.status).toBe("filled");
  await until(() => trades.length > 0, "the trade");
  const [matched] = trades;
  expect(matched).toMatchObject({ status: "MATCHED", takerOrderId: outcome.kind === "placed" ? outcome.order.venueOrderId! : "" });
  expect(matched!.makerOrders.length).toBeGreaterThan(0);
  expect(matched!.makerOrders[0]!.matchedAmount.gt(0)).toBe(true);
  await sandbox.admin.advance(10_000);
  await until(() => trades.some((trade) => trade.status === "CONFIRMED"), "the trade confirmed");
  expect(trades.map((trade) => trade.status)).toEqual(["MATCHED", "MINED", "CONFIRMED"]);
  expect(problems).toEqual([]);
});

test("a bad frame is reported with what is wrong and skipped; the next frame still arrives", async () => {
  const wallet = await sandbox.fundedWallet();
  const { ch, trades, orders, problems } = channel(wallet);
  await until(() => ch.subscribed, "the subscription confirmed");
  ch.message("{not json");
  ch.message(JSON.stringify({ event_type: "trade", id: "t1", taker_order_id: "0xabc", market: "m", asset_id: "a", side: "BUY", size: "NaN", price: "0.5", status: "MATCHED" }));
  ch.message(JSON.stringify({ event_type: "trade", id: "t2", taker_order_id: "0xabc", market: "m", asset_id: "a", side: "BUY", size: "1", price: "0.5", status: "SETTLED" }));
  ch.message(JSON.stringify({ event_type: "order", type: "EXPLODED", id: "0xabc" }));
  ch.message(JSON.stringify({ event_type: "balance" }));
  expect(problems).toHaveLength(5);
  expect(problems[1]).toMatch(/unreadable trade message \(size: .*\); skipped/);
  expect(ch.stats.parseErrors).toBe(5);
  expect([trades, orders]).toEqual([[], []]);
  ch.message(
    JSON.stringify([
      { event_type: "trade", id: "t3", taker_order_id: "0xabc", market: "m", asset_id: "a", side: "BUY", size: "1", price: "0.5", status: "mined", maker_orders: [] },
    ]),
  );
  expect(trades.map((trade) => [trade.id, trade.status, trade.size.toString()])).toEqual([["t3", "MINED", "1"]]);
  expect(ch.state).toBe("up");
});

test("credentials the venue does not know: the socket is closed and the channel never counts as subscribed", async () => {
  const wallet = await sandbox.fundedWallet();
  const { ch, states } = channel(wallet, "00000000-0000-4000-a000-000000000000");
  await until(() => states.some((state) => state.includes("1008")), "the refusal");
  expect(ch.subscribed).toBe(false);
  expect(states.join("\n")).not.toContain(wallet.creds!.secret);
});
