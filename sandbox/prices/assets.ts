/**
 * The four simulated assets and how each venue names them. Bare symbols (`BTC`) inside the
 * sandbox; every provider maps to its own form here, once.
 */
export type Asset = ReturnType<typeof asset>;

/**
 * One asset: `base` is a realistic start price (seed-perturbed by the model), `decimals` the price
 * tick of Binance and Coinbase, Kraken's request altname, renamed result key and price decimals,
 * the CoinGecko coin id, the Pyth Core feed id on Hermes, and `lot`, a typical trade size in base
 * units (it scales simulated quantities).
 */
function asset(symbol: string, base: number, decimals: number, kraken: string, krakenKey: string, krakenDecimals: number, coingecko: string, pythId: string, lot: number) {
  const lower = symbol.toLowerCase();
  return {
    symbol,
    base,
    binance: `${symbol}USDT`,
    binanceDecimals: decimals,
    coinbase: `${symbol}-USD`,
    coinbaseDecimals: decimals,
    kraken,
    krakenKey,
    /** Every pair name Kraken accepts for it. */
    krakenAliases: [...new Set([kraken, krakenKey, `${symbol}USD`])],
    krakenDecimals,
    coingecko,
    pythId,
    pythExpo: -8,
    /** RTDS symbols: Binance-sourced topic and Chainlink topic. */
    rtdsBinance: `${lower}usdt`,
    rtdsChainlink: `${lower}/usd`,
    lot,
  };
}

export const ASSETS: readonly Asset[] = [
  asset("BTC", 97_000, 2, "XBTUSD", "XXBTZUSD", 1, "bitcoin", "e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43", 0.01),
  asset("ETH", 3_400, 2, "ETHUSD", "XETHZUSD", 2, "ethereum", "ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace", 0.2),
  asset("SOL", 190, 2, "SOLUSD", "SOLUSD", 2, "solana", "ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d", 3),
  asset("XRP", 2.2, 4, "XRPUSD", "XXRPZUSD", 5, "ripple", "ec5d399846a9209f3fe5881d70aae9268c94339ff9817e8d18ff19fa05eea1c8", 300),
];

export const SYMBOLS: readonly string[] = ASSETS.map((asset) => asset.symbol);
