/**
 * Default values, as the text a user would write (money as decimal strings). Service URLs default to
 * the real hosts, or, when `sandbox_url` is set, to the local sandbox's path prefix for that service
 * (http becomes ws for the WebSocket ones). The store defaults to the XDG data directory.
 */
import { join } from "node:path";
import type { Env } from "./env.ts";
import type { ConfigKey } from "./schema.ts";

/** Real base URL, and the sandbox path prefix (none: the sandbox does not serve it). */
export const SERVICE_URLS = {
  gamma_url: { real: "https://gamma-api.polymarket.com", sandbox: "/gamma" },
  clob_url: { real: "https://clob.polymarket.com", sandbox: "/clob" },
  data_api_url: { real: "https://data-api.polymarket.com", sandbox: "/data-api" },
  clob_ws_url: { real: "wss://ws-subscriptions-clob.polymarket.com", sandbox: "/clob-ws", ws: true },
  rtds_url: { real: "wss://ws-live-data.polymarket.com", sandbox: "/rtds", ws: true },
  binance_url: { real: "https://api.binance.com", sandbox: "/binance" },
  binance_ws_url: { real: "wss://stream.binance.com:9443", sandbox: "/binance-ws", ws: true },
  coinbase_url: { real: "https://api.exchange.coinbase.com", sandbox: "/coinbase" },
  coinbase_ws_url: { real: "wss://ws-feed.exchange.coinbase.com", sandbox: "/coinbase-ws", ws: true },
  kraken_url: { real: "https://api.kraken.com", sandbox: "/kraken" },
  coingecko_url: { real: "https://api.coingecko.com", sandbox: "/coingecko" },
  pyth_url: { real: "https://hermes.pyth.network", sandbox: "/pyth" },
  pushover_url: { real: "https://api.pushover.net" },
} satisfies Record<string, { real: string; sandbox?: string; ws?: true }>;

export type ServiceUrlKey = keyof typeof SERVICE_URLS;

/** The URL a service defaults to: the sandbox's prefix for it when a sandbox is configured. */
export function serviceUrlDefault(key: ServiceUrlKey, sandboxUrl?: string): string {
  const service: { real: string; sandbox?: string; ws?: true } = SERVICE_URLS[key];
  if (!sandboxUrl || !service.sandbox) return service.real;
  const base = sandboxUrl.replace(/\/+$/, "");
  return `${service.ws ? base.replace(/^http/, "ws") : base}${service.sandbox}`;
}

/** `$XDG_DATA_HOME/pm-arb/pm-arb.sqlite`, else `~/.local/share/pm-arb/pm-arb.sqlite`. */
export function defaultDbPath(env: Env, home: string): string {
  const dataHome = env.XDG_DATA_HOME?.trim() || join(home, ".local", "share");
  return join(dataHome, "pm-arb", "pm-arb.sqlite");
}

/** Every non-URL default; unset optional keys are simply absent. */
export const STATIC_DEFAULTS: Partial<Record<ConfigKey, unknown>> = {
  paper_trading: true,
  chain_id: 137,
  signature_type: 0,
  bankroll: "200",
  max_trade_size: "20",
  max_market_exposure: "50",
  max_total_exposure: "150",
  max_open_positions: 10,
  daily_loss_limit: "40",
  max_drawdown: "0.2",
  min_edge: "0.02",
  max_price_age_ms: 3000,
  max_book_age_ms: 5000,
  cooldown_ms: 30000,
  providers: ["binance", "coinbase", "kraken", "coingecko", "pyth"],
  price_max_age_ms: 5000,
  request_timeout_ms: 2500,
  absent_grace_ms: 60000,
  alert_min_priority: 0,
};
