/** Placeholder: S1 — Binance, Coinbase, Kraken, CoinGecko, Pyth REST + Binance/Coinbase WS + RTDS. */
import type { SandboxInstance } from "../server.ts";

export function registerSpotProviders(_app: SandboxInstance): void {}
