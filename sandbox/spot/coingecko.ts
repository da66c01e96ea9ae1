/**
 * CoinGecko under `/coingecko`: `GET /api/v3/simple/price?ids=bitcoin,ethereum&vs_currencies=usd`
 * with `include_last_updated_at` (seconds), `include_24hr_change`, `include_24hr_vol` and
 * `precision`, and `GET /api/v3/coins/markets?vs_currency=usd[&ids=…]` (market rows, by market cap).
 * Prices are JSON numbers; unknown ids and currencies are left out, as CoinGecko does.
 * Its quotes refresh every 20 s of simulated time (see the price model).
 */
import { ASSETS, type Asset } from "../prices/assets.ts";
import { json, type SandboxInstance } from "../server.ts";
import { capitalized, commaList, dayStats, dayVolume, prices, quoteTime } from "./common.ts";

function round(value: number, precision: string | null): number {
  if (precision === "full") return value;
  const decimals = precision !== null && /^\d{1,2}$/.test(precision) ? Math.min(18, Number(precision)) : value >= 100 ? 2 : value >= 1 ? 4 : 6;
  return Number(value.toFixed(decimals));
}

/** Simulated circulating supply per coin id (market caps rank the coins as live). */
const SUPPLY: Record<string, number> = { bitcoin: 19_900_000, ethereum: 120_700_000, ripple: 59_000_000_000, solana: 520_000_000 };

/** One `coins/markets` row in USD at the coin's quote time. */
function marketRow(app: SandboxInstance, asset: Asset) {
  const t = quoteTime(app, ["coingecko"], asset.symbol);
  const { price, ts } = prices(app).quote("coingecko", asset.symbol, t);
  const day = dayStats(app, "coingecko", asset.symbol, ts);
  const supply = SUPPLY[asset.coingecko] ?? 0;
  const cap = Math.round(price * supply);
  const change = price - day.open;
  return {
    id: asset.coingecko,
    symbol: asset.symbol.toLowerCase(),
    name: capitalized(asset.coingecko).replace("Ripple", "XRP"),
    image: `https://coin-images.coingecko.com/coins/images/${asset.coingecko}/large.png`,
    current_price: round(price, null),
    market_cap: cap,
    market_cap_rank: 0,
    fully_diluted_valuation: cap,
    total_volume: Math.round(dayVolume(app.options.seed, asset, ts) * price),
    high_24h: round(Math.max(day.high, price), null),
    low_24h: round(Math.min(day.low, price), null),
    price_change_24h: Number(change.toFixed(6)),
    price_change_percentage_24h: Number(((change / day.open) * 100).toFixed(5)),
    market_cap_change_24h: Math.round(change * supply),
    market_cap_change_percentage_24h: Number(((change / day.open) * 100).toFixed(5)),
    circulating_supply: supply,
    total_supply: supply,
    max_supply: asset.coingecko === "bitcoin" ? 21_000_000 : null,
    ath: null,
    ath_change_percentage: null,
    ath_date: null,
    atl: null,
    atl_change_percentage: null,
    atl_date: null,
    roi: null,
    last_updated: new Date(ts).toISOString(),
  };
}

function coinsMarkets(app: SandboxInstance, url: URL): Response | unknown {
  const currency = url.searchParams.get("vs_currency");
  if (!currency) return json({ error: "Missing parameter vs_currency" }, 400);
  if (currency.toLowerCase() !== "usd") return json({ error: "invalid vs_currency" }, 400);
  const ids = url.searchParams.get("ids");
  const wanted = ids === null ? undefined : commaList(ids);
  const rows = ASSETS.map((asset) => marketRow(app, asset)).sort((a, b) => b.market_cap - a.market_cap);
  // Ranks among the simulated coins only; ath/atl are not simulated (null, as for coins without the data).
  for (const [i, row] of rows.entries()) row.market_cap_rank = i + 1;
  return rows.filter((row) => !wanted || wanted.includes(row.id));
}

export function registerCoinGecko(app: SandboxInstance): void {
  app.route("coingecko", "GET", "/api/v3/coins/markets", ({ url }) => coinsMarkets(app, url));
  app.route("coingecko", "GET", "/api/v3/simple/price", ({ url }) => {
    const q = url.searchParams;
    const ids = q.get("ids");
    const currencies = q.get("vs_currencies");
    if (!ids) return json({ error: "Missing parameter ids" }, 400);
    if (!currencies) return json({ error: "Missing parameter vs_currencies" }, 400);
    const wantUsd = commaList(currencies).includes("usd");
    const out: Record<string, Record<string, number>> = {};
    for (const id of commaList(ids)) {
      const asset = ASSETS.find((candidate) => candidate.coingecko === id);
      if (!asset) continue;
      const t = quoteTime(app, ["coingecko"], asset.symbol);
      const { price, ts } = prices(app).quote("coingecko", asset.symbol, t);
      const row: Record<string, number> = {};
      if (wantUsd) {
        row.usd = round(price, q.get("precision"));
        if (q.get("include_24hr_vol") === "true") row.usd_24h_vol = Math.round(dayVolume(app.options.seed, asset, ts) * price);
        const open = dayStats(app, "coingecko", asset.symbol, ts).open;
        if (q.get("include_24hr_change") === "true") row.usd_24h_change = Number((((price - open) / open) * 100).toFixed(8));
      }
      if (q.get("include_last_updated_at") === "true") row.last_updated_at = Math.floor(ts / 1000);
      out[id] = row;
    }
    return out;
  });
  app.route("coingecko", "GET", "/api/v3/ping", () => ({ gecko_says: "(V3) To the Moon!" }));
}
