import { describe, expect, test } from "bun:test";
import { type GammaRow, parseGammaRow } from "../../../core/adapters/polymarket/gamma/row.ts";
import { classify, feeStateOf } from "../../../core/markets/classify.ts";
import lookalikes from "../../fixtures/gamma/lookalikes.json";
import malformed from "../../fixtures/gamma/malformed.json";
import strikes from "../../fixtures/gamma/strikes.json";
import unknownFee from "../../fixtures/gamma/unknown-fee.json";
import updown from "../../fixtures/gamma/updown.json";

const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);

function parsed(raw: unknown): GammaRow {
  const result = parseGammaRow(raw);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function classified(raw: unknown) {
  const result = classify(parsed(raw));
  if (!result.ok) throw new Error(result.reason);
  return result.market;
}

const bySlug = (rows: unknown[], slug: string) => rows.find((row) => (row as { slug: string }).slug === slug)!;

describe("classify: Up/Down series", () => {
  const cases: [string, string, string, number, number, "chainlink" | "binance", string][] = [
    ["btc-updown-15m-1795608000", "BTC", "15m", T0, T0 + 900_000, "chainlink", "BTC/USD data stream"],
    ["eth-updown-5m-1795608300", "ETH", "5m", T0 + 300_000, T0 + 600_000, "chainlink", "ETH/USD data stream"],
    ["bitcoin-up-or-down-november-25-7am-et", "BTC", "1h", T0, T0 + 3_600_000, "binance", "BTCUSDT 1h candle"],
    ["sol-updown-4h-1795608000", "SOL", "4h", T0, T0 + 14_400_000, "chainlink", "SOL/USD data stream"],
    ["xrp-up-or-down-on-november-25", "XRP", "1d", T0 - 86_400_000, T0, "binance", "XRPUSDT 1d candle"],
    // No eventStartTime: the question's hour and the description's 1-hour candle fix the window.
    ["ethereum-up-or-down-november-25-8am-et", "ETH", "1h", T0 + 3_600_000, T0 + 7_200_000, "binance", "ETHUSDT 1h candle"],
  ];
  test.each(cases)("%s", (slug, symbol, window, start, end, source, detail) => {
    const market = classified(bySlug(updown, slug));
    expect(market).toMatchObject({ kind: "updown", symbol, window, window_start: start, end });
    expect(market.resolution).toEqual({ source, detail });
    expect(market.outcomes.map((outcome) => outcome.label)).toEqual(["Up", "Down"]);
    for (const outcome of market.outcomes) expect(outcome.token_id).toMatch(/^\d{77}$/);
  });

  test("both string encodings of outcomes and token ids give the same tokens", () => {
    const encoded = bySlug(updown, "btc-updown-15m-1795608000") as Record<string, unknown>;
    expect(typeof encoded.clobTokenIds).toBe("string");
    const arrays = bySlug(updown, "eth-updown-5m-1795608300") as Record<string, unknown>;
    expect(Array.isArray(arrays.clobTokenIds)).toBe(true);
    const a = classified(encoded);
    const asArrays = classified({ ...encoded, outcomes: JSON.parse(encoded.outcomes as string), clobTokenIds: JSON.parse(encoded.clobTokenIds as string) });
    expect(asArrays.outcomes).toEqual(a.outcomes);
    expect(classified(arrays).outcomes[0]!.token_id).toBe((arrays.clobTokenIds as string[])[0]!);
  });

  test("tick and minimum size arrive as numbers or strings", () => {
    expect(classified(bySlug(updown, "btc-updown-15m-1795608000")).tick_size!.toString()).toBe("0.01");
    const sol = classified(bySlug(updown, "sol-updown-4h-1795608000"));
    expect(sol.tick_size!.toString()).toBe("0.001");
    expect(sol.min_size!.toString()).toBe("5");
  });
});

describe("classify: strikes, ranges and touches", () => {
  test("above with a strike (fees off)", () => {
    const market = classified(bySlug(strikes, "bitcoin-above-96k-on-november-26"));
    expect(market.kind).toBe("above");
    expect(market.strike!.toString()).toBe("96000");
    expect(market.resolution).toEqual({ source: "binance", detail: "BTCUSDT 1m candle" });
    expect(market.fee).toEqual({ status: "disabled" });
    expect(market.outcomes.map((outcome) => outcome.label)).toEqual(["Yes", "No"]);
  });

  test("above with a decimal strike and a schedule whose numbers are strings", () => {
    const market = classified(bySlug(strikes, "ethereum-above-3450-on-november-26"));
    expect(market.strike!.toString()).toBe("3450.5");
    expect(market.fee.status).toBe("enabled");
    if (market.fee.status !== "enabled") return;
    expect(market.fee.schedule.rate.toString()).toBe("0.07");
    expect(market.fee.schedule.exponent.toString()).toBe("1");
    expect(market.fee.schedule.taker_only).toBe(true);
  });

  test("between two prices is a range (neg-risk kept); less than a price is a range from 0", () => {
    const between = classified(bySlug(strikes, "ethereum-price-3300-3400-november-26"));
    expect([between.kind, between.low!.toString(), between.high!.toString(), between.neg_risk]).toEqual(["range", "3300", "3400", true]);
    const below = classified(bySlug(strikes, "solana-price-less-than-180-november-26"));
    expect([below.kind, below.low!.toString(), below.high!.toString()]).toEqual(["range", "0", "180"]);
  });

  test("reach is an upward touch, dip to a downward one, hit needs the description", () => {
    const touch = (slug: string) => {
      const market = classified(bySlug(strikes, slug));
      return `${market.kind} ${market.barrier} ${market.direction}`;
    };
    expect(touch("will-bitcoin-reach-120k-in-november-2026")).toBe("touch 120000 up");
    expect(touch("will-ethereum-dip-to-3000-in-november-2026")).toBe("touch 3000 down");
    expect(touch("will-xrp-hit-3-by-december-31")).toBe("touch 3 up");
  });
});

describe("classify: look-alikes are skipped with a reason, never guessed", () => {
  const reasons: [string, RegExp][] = [
    ["will-bitcoin-outperform-ethereum-in-november", /no known crypto price market pattern/],
    ["btc-updown-15m-1795608000-yesno", /outcomes/],
    ["bitcoin-dominance-above-60-november-26", /no known/],
    ["microstrategy-700k-btc", /no known/],
    ["doge-updown-15m-1795608000", /unsupported asset "Dogecoin"/],
    ["btc-updown-15m-1795608000-x", /slug names BTC but the question ETH/],
    ["btc-updown-15m-1795608001", /window/],
    ["bitcoin-updown-wrong-stream", /Chainlink ETH\/USD stream/],
    ["bitcoin-100k-or-80k-first", /no known/],
    ["will-bitcoin-hit-150k-by-december-31", /does not say whether the price must rise or fall/],
    ["bitcoin-market-cap-2t", /no known/],
    ["btc-updown-15m-1795608002", /resolutionSource names binance but the description chainlink/],
    ["bitcoin-above-96k-on-november-26-b", /disagrees with groupItemTitle/],
  ];
  test.each(reasons)("%s", (slug, reason) => {
    const result = classify(parsed(bySlug(lookalikes, slug)));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
  test("every look-alike row is covered", () => expect(lookalikes.length).toBe(reasons.length));
});

describe("parseGammaRow: malformed rows fail with a reason", () => {
  const reasons = [/conditionId/, /clobTokenIds: array holds a non-string item/, /2 outcomes but 1 token ids/, /endDate/, /outcomes: invalid JSON/];
  malformed.forEach((row, index) => {
    test(`${(row as { slug: string }).slug}`, () => {
      const result = parseGammaRow(row);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(reasons[index]!);
    });
  });

  test("a 77-digit token id is never turned into a number", () => {
    const row = parsed(bySlug(updown, "btc-updown-15m-1795608000"));
    expect(row.tokenIds[0]).toMatch(/^\d{77}$/);
    expect(typeof row.tokenIds[0]).toBe("string");
  });

  test("not an object, no id", () => {
    expect(parseGammaRow(null).ok).toBe(false);
    expect(parseGammaRow([]).ok).toBe(false);
    expect(parseGammaRow({ slug: "x" }).ok).toBe(false);
  });
});

describe("fee state: unknown is never zero", () => {
  test.each([
    ["fees enabled with feeSchedule null", unknownFee[0], /no feeSchedule/],
    ["neither feesEnabled nor a schedule", unknownFee[1], /./],
    ["a schedule with a garbage rate", unknownFee[2], /rate/],
    ["feesEnabled false while the schedule charges a rate (contradiction)", { ...(bySlug(updown, "btc-updown-15m-1795608000") as object), feesEnabled: false }, /./],
  ])("%s → unknown", (_, raw, reason) => {
    const fee = feeStateOf(parsed(raw));
    expect(fee.status).toBe("unknown");
    if (fee.status === "unknown") expect(fee.reason).toMatch(reason);
  });
  test("feesEnabled false → disabled; a number rate → enabled with the source named", () => {
    expect(feeStateOf(parsed(bySlug(strikes, "bitcoin-above-96k-on-november-26"))).status).toBe("disabled");
    const fee = feeStateOf(parsed(bySlug(updown, "btc-updown-15m-1795608000")));
    expect(fee.status === "enabled" && fee.schedule.rate.toString()).toBe("0.072");
    expect(fee.status === "enabled" && fee.schedule.source).toBe("gamma:btc-updown-15m-1795608000");
  });
});
