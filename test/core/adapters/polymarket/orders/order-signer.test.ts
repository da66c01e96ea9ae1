/**
 * The direct order path against the official client: for random marketable BUYs over every tick
 * size, FOK and FAK, neg-risk or not, every signature type and both order versions, the body
 * (signature included) and the order id are the ones @polymarket/clob-client-v2 produces for the
 * same salt and timestamp. No network: the client's order builder is called below its HTTP layer.
 * Signatures are RFC 6979: the same request signs to the same bytes, in any signer for the key.
 */
import { describe, expect, spyOn, test } from "bun:test";
import { createL2Headers, getContractConfig, OrderBuilder, OrderType, orderToJsonV2, Side } from "@polymarket/clob-client-v2";
import { getAddress, TypedDataEncoder, Wallet } from "ethers";
import { marketBuyUnits } from "../../../../../core/adapters/polymarket/orders/market-order-amounts.ts";
import { createOrderSigner, type MarketBuyRequest } from "../../../../../core/adapters/polymarket/orders/order-signer.ts";
import { AMOY_CHAIN_ID, CHAIN_ID, CONTRACTS, EXCHANGE_V3, exchangeDomain, ORDER_V2_STRUCT } from "../../../../../core/adapters/polymarket/wire/contracts.ts";
import { l2HeaderSigner } from "../../../../../core/adapters/polymarket/wire/l2-auth.ts";
import { Decimal } from "../../../../../core/decimal.ts";
import { marketBuyTaker } from "../../../../../core/ledger/amounts.ts";
import { createRng } from "../../../../../sandbox/rng.ts";
import { clobSigner } from "../../../../helpers/sandbox-wallet.ts";

const TICKS = ["0.1", "0.01", "0.005", "0.0025", "0.001", "0.0001"];
const SEED = 20260601;

const wallet = Wallet.createRandom();
const OWNER = "3f8b2c1e-0d4a-4b6e-9a7c-5e2f1d0c9b8a";

const EOA = { privateKey: wallet.privateKey, signatureType: 0, owner: OWNER, version: 2 };
const REQUEST = {
  tokenId: "123",
  price: "0.53",
  amount: "3.65",
  tickSize: "0.01",
  negRisk: false,
  orderType: "FAK" as const,
  metadata: `0x${"0".repeat(64)}`,
  salt: "987654321",
  timestamp: "1767200400000",
};

type Case = { request: Omit<MarketBuyRequest, "salt" | "timestamp">; signatureType: 0 | 1 | 2 | 3; funder?: string; version: 2 | 3; now: number; random: number };

/** `0x` and `digits` hex digits drawn from the seeded generator. */
const hexOf = (next: () => number, digits: number) => `0x${Array.from({ length: digits }, () => Math.floor(next() * 16).toString(16)).join("")}`;

function randomCase(next: () => number): Case {
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const tick = pick(TICKS);
  const steps = new Decimal(1).div(tick).toNumber();
  const k = pick([1, steps - 1, 1 + Math.floor(next() * (steps - 1))]);
  const cents = next() < 0.1 ? 100 + Math.floor(next() * 10) : 100 + Math.floor(next() * 99_900);
  // Budgets are whole cents in pm-arb; a few carry a third decimal, which the client rounds down.
  const amount = next() < 0.05 ? new Decimal(cents).div(100).plus("0.007").toString() : new Decimal(cents).div(100).toString();
  const signatureType = pick([0, 1, 2, 3] as const);
  // From the seed too, so a failing case can be rerun as it was; as checksummed or lowercase as users write it.
  const funder = signatureType === 0 ? undefined : next() < 0.5 ? getAddress(hexOf(next, 40)) : hexOf(next, 40);
  const digits = Array.from({ length: 77 }, (_, i) => (i === 0 ? 1 + Math.floor(next() * 9) : Math.floor(next() * 10))).join("");
  const metadata = hexOf(next, 64);
  return {
    request: { tokenId: digits, price: new Decimal(tick).times(k).toString(), amount, tickSize: tick, negRisk: next() < 0.5, orderType: pick(["FOK", "FAK"] as const), metadata },
    signatureType,
    funder,
    version: pick([2, 2, 3] as const),
    now: 1_767_000_000_000 + Math.floor(next() * 200_000_000_000),
    random: next(),
  };
}

/** The official client's order and body for the case, with its clock and salt draw fixed. */
async function official(c: Case): Promise<{ body: string; orderId: string }> {
  const builder = new OrderBuilder(clobSigner(wallet), CHAIN_ID, c.signatureType, c.funder);
  const now = spyOn(Date, "now").mockReturnValue(c.now);
  const random = spyOn(Math, "random").mockReturnValue(c.random);
  try {
    const orderType = c.request.orderType === "FAK" ? OrderType.FAK : OrderType.FOK;
    const order = await builder.buildMarketOrder(
      { tokenID: c.request.tokenId, price: Number(c.request.price), amount: Number(c.request.amount), side: Side.BUY, orderType, metadata: c.request.metadata } as never,
      { tickSize: c.request.tickSize as "0.01", negRisk: c.request.negRisk },
      c.version,
    );
    const fields = order as unknown as Record<string, unknown>;
    const orderId = TypedDataEncoder.hash(exchangeDomain(c.version, c.request.negRisk), { Order: ORDER_V2_STRUCT }, { ...fields, side: 0 });
    return { body: JSON.stringify(orderToJsonV2(order as never, OWNER, orderType, false, false)), orderId };
  } finally {
    now.mockRestore();
    random.mockRestore();
  }
}

function ours(c: Case) {
  const signer = createOrderSigner({ privateKey: wallet.privateKey, signatureType: c.signatureType, funder: c.funder, owner: OWNER, version: c.version });
  return signer.marketBuy({ ...c.request, salt: String(Math.round(c.random * c.now)), timestamp: String(c.now) });
}

describe("the direct order path signs what the official client signs", () => {
  test(`random marketable BUYs (seed ${SEED}): same body, signature (RFC 6979 nonces) and order id`, async () => {
    const { next } = createRng(SEED, "order-signer");
    const cases = Array.from({ length: 400 }, () => randomCase(next));
    for (const [i, c] of cases.entries()) {
      const expected = await official(c);
      const got = ours(c);
      if (got.body !== expected.body || got.orderId !== expected.orderId) throw new Error(`case ${i} differs: ${JSON.stringify(c)}\nclient ${expected.body}\nours   ${got.body}`);
      expect(JSON.parse(got.body).order.signature).toBe(got.signature);
    }
    // Every tick size, signature type, order version, neg-risk flag and order type came up.
    const kinds = (of: (c: Case) => unknown) => new Set(cases.map(of)).size;
    expect([kinds((c) => c.request.tickSize), kinds((c) => c.signatureType), kinds((c) => c.version)]).toEqual([6, 4, 2]);
    expect([kinds((c) => c.request.negRisk), kinds((c) => c.request.orderType)]).toEqual([2, 2]);
  });

  test("the same request signs to the same bytes: in one signer, in a second one for the key, and again later", async () => {
    const request = { ...REQUEST, negRisk: true, orderType: "FOK" as const, metadata: `0x${"ab".repeat(32)}` };
    const first = createOrderSigner(EOA).marketBuy(request);
    const signer = createOrderSigner(EOA);
    await Bun.sleep(2);
    expect(signer.marketBuy(request)).toEqual(first);
    expect(signer.sign(signer.prepare(request))).toEqual(first);
    // RFC 6979 is what ethers' signTypedData does: the same bytes as the wallet's own signature.
    const value = { ...JSON.parse(first.body).order, side: 0 };
    expect(await wallet.signTypedData(exchangeDomain(2, true), { Order: ORDER_V2_STRUCT }, value)).toBe(first.signature);
    // Another salt or time is another order.
    expect(signer.marketBuy({ ...request, salt: "987654322" }).orderId).not.toBe(first.orderId);
    expect(signer.marketBuy({ ...request, timestamp: "1767200400001" }).orderId).not.toBe(first.orderId);
  });

  test("the body keeps the funder as given, the salt as a number, no taker, expiration 0", () => {
    const funder = Wallet.createRandom().address.toLowerCase();
    const signer = createOrderSigner({ privateKey: wallet.privateKey, signatureType: 1, funder, owner: OWNER, version: 2 });
    const signed = signer.marketBuy(REQUEST);
    const body = JSON.parse(signed.body);
    expect(Object.keys(body)).toEqual(["deferExec", "postOnly", "order", "owner", "orderType"]);
    expect(body.order).toMatchObject({
      salt: 987654321,
      maker: funder,
      signer: wallet.address,
      makerAmount: "3650000",
      takerAmount: "6886700",
      side: "BUY",
      signatureType: 1,
      expiration: "0",
    });
    expect("taker" in body.order).toBe(false);
    expect(signer.maker).toBe(funder);
    expect(signer.address).toBe(wallet.address);
  });

  test("where the client throws, so does the direct path", () => {
    const signer = createOrderSigner(EOA);
    const base = { ...REQUEST, tokenId: "1", amount: "5", orderType: "FOK" as const, salt: "1" };
    expect(() => signer.marketBuy({ ...base, price: "0.995", tickSize: "0.01" })).toThrow("invalid price");
    expect(() => signer.marketBuy({ ...base, price: "0.5", tickSize: "0.02" })).toThrow("tick size");
    expect(() => signer.marketBuy({ ...base, price: "0.5", tickSize: "0.01", tokenId: "0x12" })).toThrow("token id");
    expect(() => signer.marketBuy({ ...base, price: "0.5", tickSize: "0.01", metadata: "0x12" })).toThrow("metadata");
    expect(() => signer.marketBuy({ ...base, price: "0.5", tickSize: "0.01", salt: String(2 ** 53) })).toThrow("salt");
    expect(() => createOrderSigner({ ...EOA, signatureType: 4 })).toThrow("signature type");
    expect(() => createOrderSigner({ ...EOA, version: 1 })).toThrow("order version 1");
  });
});

describe("amounts: the client's arithmetic, not the plan's", () => {
  test.each([
    ["3.65", "0.53", "0.01", "3650000", "6886700"],
    ["18.66", "0.57", "0.01", "18660000", "32736800"],
    ["10", "0.5", "0.01", "10000000", "20000000"],
    ["2", "0.333", "0.001", "2000000", "6006000"],
    ["5.009", "0.5", "0.01", "5000000", "10000000"],
  ])("%s at %s (tick %s) → maker %s, taker %s units", (amount, price, tick, maker, taker) => {
    expect(marketBuyUnits(amount, price, tick)).toEqual({ makerAmount: maker, takerAmount: taker });
  });

  test("at extreme prices on the 0.0001 tick the client's floats differ from the exact plan (the executor refuses those)", () => {
    const units = marketBuyUnits("45.33", "0.0001", "0.0001");
    expect(units.takerAmount).toBe("453299999999");
    expect(marketBuyTaker(new Decimal("45.33"), new Decimal("0.0001"), 6).toString()).toBe("453300");
  });
});

describe("L2 headers", () => {
  test("the same headers as the official client's createL2Headers", async () => {
    const creds = { key: OWNER, secret: Buffer.from("a secret of some length for hmac").toString("base64").replace(/\+/g, "-"), passphrase: "pass" };
    const ts = 1_767_200_400;
    const sign = l2HeaderSigner({ address: wallet.address, ...creds }, () => ts * 1000 + 999);
    for (const [method, path, body] of [
      ["POST", "/order", '{"a":1}'],
      ["POST", "/v1/heartbeats", '{"heartbeat_id":""}'],
      ["GET", "/data/orders", undefined],
    ] as const) {
      expect(sign(method, path, body) as Record<string, string>).toEqual(
        (await createL2Headers(clobSigner(wallet), creds, { method, requestPath: path, body }, ts)) as Record<string, string>,
      );
    }
  });
});

describe("contract facts", () => {
  test("V2 and V3 exchanges match the official client's config on Polygon and Amoy", () => {
    for (const chain of [CHAIN_ID, AMOY_CHAIN_ID]) {
      const config = getContractConfig(chain);
      expect(getAddress(config.exchangeV2)).toBe(getAddress(CONTRACTS.exchangeV2));
      expect(getAddress(config.negRiskExchangeV2)).toBe(getAddress(CONTRACTS.negRiskExchangeV2));
      expect(EXCHANGE_V3[chain]).toBe(config.exchangeV3);
      expect(exchangeDomain(3, true, chain)).toEqual({ name: "Polymarket CTF Exchange", version: "3", chainId: chain, verifyingContract: config.exchangeV3 });
    }
  });
});
