import { describe, expect, test } from "bun:test";
import { parseSymbol } from "../../core/symbols.ts";

describe("parseSymbol", () => {
  test.each(["BTC", "ETH", "SOL", "XRP", "DOGE", "LINK"])("accepts the bare symbol %s", (symbol) => {
    expect(parseSymbol(symbol)).toEqual({ ok: true, value: symbol });
  });

  test.each([
    ["BTCUSDT", "BTC"],
    ["ETHUSD", "ETH"],
    ["btc-usd", "BTC"],
    ["BTC/USD", "BTC"],
    ["XBT", "BTC"],
    ["XBTUSD", "BTC"],
    ["XXBT", "BTC"],
    ["btc", "BTC"],
    ["solusdc", "SOL"],
  ])("rejects %s and names the bare form %s", (input, bare) => {
    const parsed = parseSymbol(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(bare);
  });

  test.each(["", "B", "BTC USD", "1BTC", "$BTC"])("rejects junk %p", (input) => {
    expect(parseSymbol(input).ok).toBe(false);
  });
});
