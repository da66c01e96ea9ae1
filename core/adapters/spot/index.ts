/** The REST adapters by name, in default priority order. */
import { binance } from "./binance.ts";
import { coinbase } from "./coinbase.ts";
import { coingecko } from "./coingecko.ts";
import { kraken } from "./kraken.ts";
import { pyth } from "./pyth.ts";
import type { ExchangeProvider, RestProvider } from "./types.ts";

export const REST_PROVIDERS: Record<ExchangeProvider, RestProvider> = { binance, coinbase, kraken, coingecko, pyth };

export * from "./types.ts";
