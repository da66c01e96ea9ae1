/**
 * The live path's fills from the user channel (core/trade/channel-fills.ts) on the sandbox venue:
 * booked as the venue reports them while REST cannot read them, once whatever reports them, and
 * never reversed on the channel's word alone; REST still books them when the channel is down.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import type { Store } from "../../../core/store/open.ts";
import { fills, orders, positions } from "../../../core/store/schema.ts";
import { type ChannelFills, followUserChannel } from "../../../core/trade/channel-fills.ts";
import { type EngineContext, ordersToReconcile, reconcile } from "../../../core/trade/engine.ts";
import type { TestWallet } from "../../helpers/sandbox.ts";
import { messages, openSocket } from "../../helpers/sandbox.ts";
import { until } from "../../helpers/until.ts";
import { placed } from "./engine-helpers.ts";
import { candidateFor, liveEngine, marketPicker, sandboxPerFile } from "./live-helpers.ts";

const sandbox = sandboxPerFile(23);
let following: ChannelFills | undefined;
let rawSocket: WebSocket | undefined;
afterEach(async () => {
  await following?.stop();
  following = undefined;
  rawSocket?.close();
});

const nextMarket = marketPicker(sandbox);

/** A live engine whose user channel is subscribed; `warnings` collects what it logs. */
async function followed() {
  const engine = await liveEngine(sandbox);
  const warnings: string[] = [];
  following = followUserChannel(engine.ctx, {
    wsUrl: sandbox.ws("/clob-ws"),
    log: { warn: (message) => warnings.push(message), debug: () => undefined },
    channel: { pingEveryMs: 100, reconnectBaseMs: 20, reconnectMaxMs: 200 },
  });
  const channel = following.channel;
  await until(() => channel.subscribed, "the user channel subscribed");
  return { ...engine, channel, warnings };
}

const orderRow = (store: Store, id: number) => store.db.select().from(orders).where(eq(orders.id, id)).get()!;
const fillRows = (store: Store) => store.db.select().from(fills).all();

const placeOpen = async (ctx: EngineContext) => (await placed(ctx, candidateFor(sandbox, nextMarket()), "open")).order;

/** The frames the venue sends on the wallet's own user-channel socket (closed after the test). */
async function rawFrames(wallet: TestWallet) {
  const ws = await openSocket(sandbox.ws("/clob-ws/ws/user"));
  rawSocket = ws;
  const inbox = messages(ws);
  ws.send(JSON.stringify({ auth: wallet.creds, markets: [], type: "user" }));
  ws.send("PING");
  await inbox.next((message) => message === "PONG");
  return inbox;
}

describe("fills from the user channel", () => {
  test("a delayed order's fill is booked when the venue reports it, while REST cannot read trades; REST later books nothing twice", async () => {
    const { store, ctx, wallet, warnings } = await followed();
    await sandbox.admin.addFault("clob:delayed:path=/order,ms=3000");
    await sandbox.admin.addFault("clob:503:path=/data/trades");
    const order = await placeOpen(ctx);
    await sandbox.admin.advance(3_500);
    await until(() => orderRow(store, order.id).status === "filled", "the order filled from the channel");
    const booked = fillRows(store);
    expect(booked.length).toBeGreaterThan(0);
    expect(booked.every((fill) => fill.orderId === order.id && fill.status === "matched")).toBe(true);
    expect(orderRow(store, order.id).reason).toMatch(/user channel/);
    // REST, back, agrees and adds nothing.
    await sandbox.admin.clearFaults();
    await reconcile(ctx, ordersToReconcile(store, "live"));
    expect(fillRows(store).map((fill) => fill.tradeId)).toEqual(booked.map((fill) => fill.tradeId));
    expect(orderRow(store, order.id).filledSize.toString()).toBe(booked.reduce((sum, fill) => sum.plus(fill.size), booked[0]!.size.minus(booked[0]!.size)).toString());
    for (const secret of [wallet.creds!.secret, wallet.creds!.passphrase]) expect(warnings.join("\n")).not.toContain(secret);
  });

  test("a repeated trade message books once; a bad frame is skipped and the next one still counts", async () => {
    const { store, ctx, channel, wallet } = await followed();
    const frames = await rawFrames(wallet);
    await sandbox.admin.addFault("clob:delayed:path=/order,ms=3000");
    const order = await placeOpen(ctx);
    await sandbox.admin.advance(3_500);
    const frame = await frames.next<Record<string, unknown>>((message) => message.event_type === "trade");
    await until(() => orderRow(store, order.id).status === "filled", "the order filled from the channel");
    const before = { fills: fillRows(store), order: orderRow(store, order.id) };
    channel.message(JSON.stringify(frame));
    channel.message(JSON.stringify(frame));
    expect(fillRows(store)).toEqual(before.fills);
    expect(orderRow(store, order.id).filledSize.eq(before.order.filledSize)).toBe(true);
    const errors = channel.stats.parseErrors;
    channel.message(JSON.stringify({ ...frame, size: "lots", status: "CONFIRMED" }));
    expect(channel.stats.parseErrors).toBe(errors + 1);
    expect(fillRows(store).map((fill) => fill.status)).toEqual(before.fills.map(() => "matched"));
    channel.message(JSON.stringify({ ...frame, status: "MINED" }));
    expect(fillRows(store).map((fill) => fill.status)).toEqual(before.fills.map(() => "mined"));
    expect(fillRows(store)).toHaveLength(before.fills.length);
  });

  test("the channel down: REST reconciliation books the fill; back, the channel carries it to settlement", async () => {
    const { store, ctx, channel } = await followed();
    await sandbox.admin.addFault("clob-ws:refuse:path=/ws/user");
    await sandbox.admin.addFault("clob-ws:drop");
    await until(() => !channel.subscribed, "the user channel down");
    await sandbox.admin.addFault("clob:delayed:path=/order,ms=3000");
    const order = await placeOpen(ctx);
    await sandbox.admin.advance(3_500);
    const [found] = await reconcile(ctx, ordersToReconcile(store, "live"));
    expect(found!.order.status).toBe("filled");
    const booked = fillRows(store);
    expect(booked.length).toBeGreaterThan(0);
    await sandbox.admin.clearFaults();
    await until(() => channel.subscribed, "the user channel back");
    await sandbox.admin.advance(10_000);
    await until(() => fillRows(store).every((fill) => fill.status === "confirmed"), "the fills confirmed from the channel");
    expect(fillRows(store).map((fill) => fill.tradeId)).toEqual(booked.map((fill) => fill.tradeId));
    const position = store.db.select().from(positions).get()!;
    expect(position.size.eq(orderRow(store, order.id).filledSize)).toBe(true);
  });

  test("a FAILED trade on the channel reverses nothing until REST confirms it", async () => {
    const { store, ctx } = await followed();
    await sandbox.admin.addFault("clob:ghost-fill:path=/order");
    const outcome = await placed(ctx, candidateFor(sandbox, nextMarket()), "filled");
    await sandbox.admin.addFault("clob:503:path=/data/trades");
    await sandbox.admin.resetCounters();
    await sandbox.admin.advance(10_000);
    // The channel's FAILED asks REST, which cannot answer: the fills stay booked, on their way.
    await until(async () => ((await sandbox.admin.counters())["/clob/data/trades"]?.errors ?? 0) > 0, "the REST check of the FAILED trade");
    await until(() => fillRows(store).every((fill) => fill.status === "retrying"), "the RETRYING status booked");
    expect(orderRow(store, outcome.order.id).status).toBe("filled");
    await sandbox.admin.clearFaults();
    const [found] = await reconcile(ctx, ordersToReconcile(store, "live"));
    expect(found!.order.status).toBe("failed");
    expect(found!.reversed.length).toBeGreaterThan(0);
    expect(fillRows(store).every((fill) => fill.status === "failed")).toBe(true);
  });
});
