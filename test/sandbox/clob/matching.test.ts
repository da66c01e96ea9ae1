import { describe, expect, test } from "bun:test";
import { l2Signature } from "../../../core/adapters/polymarket/wire/l2-auth.ts";
import { Decimal } from "../../../core/decimal.ts";
import { decimalsOf, formatMicro, takerFeeMicro, toMicro } from "../../../sandbox/clob/amounts.ts";
import { ApiKeyStore } from "../../../sandbox/clob/auth.ts";
import { Heartbeats } from "../../../sandbox/clob/heartbeats.ts";
import { consumedLevels, walkBook } from "../../../sandbox/clob/matching.ts";

const asks = [
  { price: "0.55", size: "300" },
  { price: "0.53", size: "100" },
  { price: "0.54", size: "200" },
];
const bids = [
  { price: "0.49", size: "300" },
  { price: "0.51", size: "100" },
];

describe("walkBook", () => {
  test.each([
    // side, limit, amount, fills [price, shares, collateral], remaining
    [
      "BUY",
      "0.55",
      { kind: "collateral", budget: toMicro("100") },
      [
        ["0.53", "100", "53"],
        ["0.54", "87.037037", "47"],
      ],
      "0",
    ],
    ["BUY", "0.53", { kind: "collateral", budget: toMicro("100") }, [["0.53", "100", "53"]], "47"],
    ["BUY", "0.52", { kind: "collateral", budget: toMicro("10") }, [], "10"],
    [
      "BUY",
      "0.54",
      { kind: "shares", shares: toMicro("150") },
      [
        ["0.53", "100", "53"],
        ["0.54", "50", "27"],
      ],
      "0",
    ],
    ["SELL", "0.5", { kind: "shares", shares: toMicro("150") }, [["0.51", "100", "51"]], "50"],
    ["SELL", "0.49", { kind: "shares", shares: toMicro("0.333333") }, [["0.51", "0.333333", "0.169999"]], "0"],
  ] as const)("%s limit %s", (side, limit, amount, fills, remaining) => {
    const result = walkBook(side, side === "BUY" ? asks : bids, new Decimal(limit), amount as never);
    expect(result.fills.map((fill) => [fill.price, formatMicro(fill.shares), formatMicro(fill.collateral)])).toEqual(fills.map((fill) => [...fill]));
    expect(formatMicro(result.remaining)).toBe(remaining);
  });

  test("a taker BUY pays micro-unit rounding up, a SELL receives it rounded down", () => {
    const level = [{ price: "0.51", size: "0.333333" }];
    expect(walkBook("BUY", level, new Decimal("0.51"), { kind: "shares", shares: toMicro("0.333333") }).collateral).toBe(170_000n);
    expect(walkBook("SELL", level, new Decimal("0.51"), { kind: "shares", shares: toMicro("0.333333") }).collateral).toBe(169_999n);
  });

  test("consumed liquidity is reported per level for the book", () => {
    const result = walkBook("BUY", asks, new Decimal("0.55"), { kind: "collateral", budget: toMicro("100") });
    expect(consumedLevels(result.fills)).toEqual([
      { price: "0.53", size: "100" },
      { price: "0.54", size: "87.037037" },
    ]);
  });
});

describe("fees and amounts", () => {
  const schedule = { rate: "0.072", exponent: 1, takerOnly: true, rebateRate: "0.2" };
  test.each([
    ["100", "0.5", "1.8"],
    ["100", "0.1", "0.648"],
    ["18.867924", "0.53", "0.3384"],
    ["10", "0.99", "0.007128"],
  ])("%s shares at %s pay %s", (shares, price, fee) => {
    expect(formatMicro(takerFeeMicro(schedule, toMicro(shares), price))).toBe(fee);
  });

  test("exponent 2, zero rate and no schedule", () => {
    expect(formatMicro(takerFeeMicro({ ...schedule, exponent: 2 }, toMicro("100"), "0.5"))).toBe("0.45");
    expect(takerFeeMicro({ ...schedule, rate: "0" }, toMicro("100"), "0.5")).toBe(0n);
    expect(takerFeeMicro(null, toMicro("100"), "0.5")).toBe(0n);
  });

  test("decimals a micro amount uses", () => {
    expect([toMicro("10"), toMicro("10.12"), toMicro("18.8679"), toMicro("0.000001")].map(decimalsOf)).toEqual([0, 2, 4, 6]);
  });
});

describe("deterministic ids", () => {
  test("API keys depend only on seed, address and nonce", () => {
    const address = "0x00000000000000000000000000000000000000aa";
    const key = (seed: number, nonce: string) => new ApiKeyStore(seed).create(address, nonce)!;
    expect(key(1, "0")).toEqual(key(1, "0"));
    expect(key(1, "0").key).not.toBe(key(2, "0").key);
    expect(key(1, "0").key).not.toBe(key(1, "1").key);
  });

  test("the L2 signature is url-safe base64 of HMAC-SHA256 over timestamp+method+path+body", () => {
    // Reference value computed with the official client's buildPolyHmacSignature for these inputs.
    const secret = Buffer.from("sandbox-secret-for-a-test-vector").toString("base64");
    expect(l2Signature(secret, "1700000000", "POST", "/order", '{"a":1}')).toBe(REFERENCE_SIGNATURE);
  });

  test("heartbeat chains: ids rotate, any other id is refused with the expected one, lapsed chains end", () => {
    const beats = new Heartbeats(1, 15_000);
    const issued = (beat: ReturnType<Heartbeats["beat"]>) => (beat.ok ? beat.id : expect.unreachable());
    expect(beats.beat("a", "stale", 0)).toEqual({ ok: false, expected: "" });
    const first = issued(beats.beat("a", "", 0));
    const second = issued(beats.beat("a", first, 10_000));
    expect(second).not.toBe(first);
    expect(beats.beat("a", first, 10_001)).toEqual({ ok: false, expected: second });
    expect(beats.beat("a", "", 10_001)).toEqual({ ok: false, expected: second });
    expect(beats.beat("b", "", 10_001).ok).toBe(true);
    expect(beats.expire(25_000)).toEqual([]);
    expect(beats.expire(25_001)).toEqual([{ account: "a", at: 25_000 }]);
    expect(beats.beat("a", second, 25_002)).toEqual({ ok: false, expected: "" });
    expect(beats.beat("a", "", 25_002).ok).toBe(true);
  });
});

const REFERENCE_SIGNATURE = "dFZOocDI8hwuxSA-ND10Gu7tKVOqlmYXXOrIqOjnqIs=";
