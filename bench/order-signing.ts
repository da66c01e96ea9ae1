#!/usr/bin/env bun
/**
 * Building and signing one marketable BUY, in-process (no network): pm-arb's direct path
 * (core/adapters/polymarket/orders/order-signer.ts + the L2 headers of core/adapters/polymarket/wire/l2-auth.ts) against the official
 * client's path as the session used it (`OrderBuilder.buildMarketOrder` — what `createMarketOrder`
 * calls once its per-token lookups are cached — a second EIP-712 hash for the order id,
 * `orderToJsonV2` and `createL2Headers`). The client also makes two HTTP round trips the first time
 * it sees a token (not counted here; test/core/adapters/polymarket/execution/session.test.ts shows the direct path
 * makes none).
 *
 * Both sign with RFC 6979 nonces (ethers' SigningKey). The first signature in a process (the curve's
 * tables built on first use; the session's warm-up pays it), then two regimes per path: back to
 * back (warm), and spaced 20 ms apart with unrelated allocation in between, closer to a live loop
 * where orders are rare and caches cold.
 *
 *   bun bench/order-signing.ts [--orders 2000]
 */
import { createL2Headers, OrderBuilder, OrderType, orderToJsonV2, Side } from "@polymarket/clob-client-v2";
import { TypedDataEncoder, Wallet } from "ethers";
import { walletAdapter } from "../core/adapters/polymarket/execution/session.ts";
import { createOrderSigner } from "../core/adapters/polymarket/orders/order-signer.ts";
import { exchangeDomain, ORDER_V2_STRUCT } from "../core/adapters/polymarket/wire/contracts.ts";
import { l2HeaderSigner } from "../core/adapters/polymarket/wire/l2-auth.ts";
import { loadAverage, numberFlag, quantile } from "./common.ts";

const ORDERS = numberFlag("orders", 2000);
const SPACED = 150;

const wallet = Wallet.createRandom();
const creds = { key: "3f8b2c1e-0d4a-4b6e-9a7c-5e2f1d0c9b8a", secret: Buffer.from("bench secret for the hmac key, 32b").toString("base64"), passphrase: "bench" };
const TOKEN = 79069455036000989124661821127700562823490048003541342756200861667065769807694n;
const request = (i: number) => ({
  tokenId: String(TOKEN + BigInt(i)),
  price: "0.57",
  amount: "18.66",
  tickSize: "0.01",
  negRisk: i % 2 === 1,
  orderType: "FOK" as const,
  metadata: `0x${i.toString(16).padStart(64, "0")}`,
  salt: String(i),
  timestamp: String(1_767_200_400_000 + i),
});

const signer = createOrderSigner({ privateKey: wallet.privateKey, signatureType: 0, owner: creds.key, version: 2 });
const l2 = l2HeaderSigner({ address: wallet.address, ...creds });
const direct = async (i: number) => {
  const signed = signer.marketBuy(request(i));
  l2("POST", "/order", signed.body);
};

const adapter = walletAdapter(wallet);
const builder = new OrderBuilder(adapter, 137);
const official = async (i: number) => {
  const r = request(i);
  const order = await builder.buildMarketOrder(
    { tokenID: r.tokenId, price: 0.57, amount: 18.66, side: Side.BUY, orderType: OrderType.FOK, metadata: r.metadata } as never,
    { tickSize: "0.01", negRisk: r.negRisk },
    2,
  );
  TypedDataEncoder.hash(exchangeDomain(2, r.negRisk), { Order: ORDER_V2_STRUCT }, { ...(order as unknown as Record<string, unknown>), side: 0 });
  const body = JSON.stringify(orderToJsonV2(order as never, creds.key, OrderType.FOK, false, false));
  await createL2Headers(adapter, creds, { method: "POST", requestPath: "/order", body });
};

function stats(values: number[]) {
  const q = (p: number) => quantile(values, p).toFixed(3);
  return `n=${String(values.length).padStart(5)}  median ${q(0.5)} ms  p90 ${q(0.9)} ms  p99 ${q(0.99)} ms  max ${q(1)} ms`;
}

async function time(fn: (i: number) => Promise<void>, i: number): Promise<number> {
  const start = performance.now();
  await fn(i);
  return performance.now() - start;
}

async function run(name: string, fn: (i: number) => Promise<void>) {
  const warm: number[] = [];
  for (let i = 1; i <= ORDERS; i++) warm.push(await time(fn, i));
  const spaced: number[] = [];
  let garbage: unknown[] = [];
  for (let i = 1; i <= SPACED; i++) {
    await Bun.sleep(20);
    garbage = Array.from({ length: 20_000 }, (_, j) => ({ j, text: String(j) }));
    spaced.push(await time(fn, ORDERS + i));
  }
  console.log(`${name}\n  back to back     ${stats(warm)}\n  spaced 20 ms     ${stats(spaced)}  (${garbage.length})`);
}

console.log(`pm-arb bench/order-signing — Bun ${Bun.version}, ${process.platform}/${process.arch}; load average ${loadAverage()}`);
console.log(`first signature in this process: ${(await time(direct, 0)).toFixed(3)} ms (the curve's tables; a session's warm-up pays it)`);
// Interleaved twice so a burst of load from elsewhere does not favour one path.
for (let round = 1; round <= 2; round++) {
  console.log(`\nround ${round}`);
  await run("direct (order-signer + L2 headers)", direct);
  await run("official client (buildMarketOrder + id hash + orderToJsonV2 + createL2Headers)", official);
}
