/**
 * CoinGecko under `/coingecko`: `GET /api/v3/simple/price?ids=bitcoin,ethereum&vs_currencies=usd`
 * with `include_last_updated_at` (seconds), `include_24hr_change`, `include_24hr_vol` and
 * `precision`. Prices are JSON numbers; unknown ids and currencies are left out, as CoinGecko does.
 * Its quotes refresh every 20 s of simulated time (see the price model).
 */
import { ASSETS } from "../prices/assets.ts";
import { json, type SandboxInstance } from "../server.ts";
import { dayStats, dayVolume, prices, quoteTime } from "./common.ts";

function round(value: number, precision: string | null): number {
  if (precision === "full") return value;
  const decimals = precision !== null && /^\d{1,2}$/.test(precision) ? Math.min(18, Number(precision)) : value >= 100 ? 2 : value >= 1 ? 4 : 6;
  return Number(value.toFixed(decimals));
}

export function registerCoinGecko(app: SandboxInstance): void {
  app.route("coingecko", "GET", "/api/v3/simple/price", ({ url }) => {
    const q = url.searchParams;
    const ids = q.get("ids");
    const currencies = q.get("vs_currencies");
    if (!ids) return json({ error: "Missing parameter ids" }, 400);
    if (!currencies) return json({ error: "Missing parameter vs_currencies" }, 400);
    const wantUsd = currencies
      .toLowerCase()
      .split(",")
      .map((c) => c.trim())
      .includes("usd");
    const out: Record<string, Record<string, number>> = {};
    for (const id of ids
      .toLowerCase()
      .split(",")
      .map((part) => part.trim())) {
      const asset = ASSETS.find((candidate) => candidate.coingecko === id);
      if (!asset) continue;
      const t = quoteTime(app, ["coingecko"], asset.symbol);
      const { price, ts } = prices(app).quote("coingecko", asset.symbol, t);
      const row: Record<string, number> = {};
      if (wantUsd) {
        row.usd = round(price, q.get("precision"));
        if (q.get("include_24hr_vol") === "true") row.usd_24h_vol = Math.round(dayVolume(app.options.seed, asset, ts) * price);
        if (q.get("include_24hr_change") === "true")
          row.usd_24h_change = Number((((price - dayStats(app, "coingecko", asset.symbol, ts).open) / dayStats(app, "coingecko", asset.symbol, ts).open) * 100).toFixed(8));
      }
      if (q.get("include_last_updated_at") === "true") row.last_updated_at = Math.floor(ts / 1000);
      out[id] = row;
    }
    return out;
  });
  app.route("coingecko", "GET", "/api/v3/ping", () => ({ gecko_says: "(V3) To the Moon!" }));
}
