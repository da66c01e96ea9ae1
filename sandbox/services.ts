/**
 * Every service the sandbox serves, named as its path prefix (`/binance/...`) and as faults name it
 * (`binance:451`). The server refuses routes for a service not listed here, so the list stays true,
 * and fault specs naming anything else are rejected. The order fixes the ports of
 * `--ports separate` (the base port + 1, + 2, … in this order).
 */
export const SERVICES = ["gamma", "clob", "clob-ws", "data-api", "rtds", "binance", "binance-ws", "coinbase", "coinbase-ws", "kraken", "coingecko", "pyth"] as const;

export type ServiceName = (typeof SERVICES)[number];

export function isService(name: string): name is ServiceName {
  return (SERVICES as readonly string[]).includes(name);
}
