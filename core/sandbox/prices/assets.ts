/**
 * The four simulated assets and how each venue names them. Bare symbols (`BTC`) inside the
 * sandbox; every provider maps to its own form here, once.
 */
export type Asset = {
  symbol: string;
  /** Realistic start price (seed-perturbed by the model). */
  base: number;
  /** Binance symbol and its price tick (decimals). */
  binance: string;
  binanceDecimals: number;
  /** Coinbase product id and quote increment (decimals). */
  coinbase: string;
  coinbaseDecimals: number;
  /** Kraken request altname, the renamed result key, and price decimals. */
  kraken: string;
  krakenKey: string;
  krakenAliases: string[];
  krakenDecimals: number;
  /** CoinGecko coin id. */
  coingecko: string;
  /** Pyth Core feed id (BTC/USD, ETH/USD, SOL/USD, XRP/USD on Hermes) and exponent. */
  pythId: string;
  pythExpo: number;
  /** RTDS symbols: Binance-sourced topic and Chainlink topic. */
  rtdsBinance: string;
  rtdsChainlink: string;
  /** Typical trade size in base units (scales simulated quantities). */
  lot: number;
};

export const ASSETS: readonly Asset[] = [
  {
    symbol: "BTC",
    base: 97_000,
    binance: "BTCUSDT",
    binanceDecimals: 2,
    coinbase: "BTC-USD",
    coinbaseDecimals: 2,
    kraken: "XBTUSD",
    krakenKey: "XXBTZUSD",
    krakenAliases: ["XBTUSD", "XXBTZUSD", "BTCUSD"],
    krakenDecimals: 1,
    coingecko: "bitcoin",
    pythId: "e62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43",
    pythExpo: -8,
    rtdsBinance: "btcusdt",
    rtdsChainlink: "btc/usd",
    lot: 0.01,
  },
  {
    symbol: "ETH",
    base: 3_400,
    binance: "ETHUSDT",
    binanceDecimals: 2,
    coinbase: "ETH-USD",
    coinbaseDecimals: 2,
    kraken: "ETHUSD",
    krakenKey: "XETHZUSD",
    krakenAliases: ["ETHUSD", "XETHZUSD"],
    krakenDecimals: 2,
    coingecko: "ethereum",
    pythId: "ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace",
    pythExpo: -8,
    rtdsBinance: "ethusdt",
    rtdsChainlink: "eth/usd",
    lot: 0.2,
  },
  {
    symbol: "SOL",
    base: 190,
    binance: "SOLUSDT",
    binanceDecimals: 2,
    coinbase: "SOL-USD",
    coinbaseDecimals: 2,
    kraken: "SOLUSD",
    krakenKey: "SOLUSD",
    krakenAliases: ["SOLUSD"],
    krakenDecimals: 2,
    coingecko: "solana",
    pythId: "ef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d",
    pythExpo: -8,
    rtdsBinance: "solusdt",
    rtdsChainlink: "sol/usd",
    lot: 3,
  },
  {
    symbol: "XRP",
    base: 2.2,
    binance: "XRPUSDT",
    binanceDecimals: 4,
    coinbase: "XRP-USD",
    coinbaseDecimals: 4,
    kraken: "XRPUSD",
    krakenKey: "XXRPZUSD",
    krakenAliases: ["XRPUSD", "XXRPZUSD"],
    krakenDecimals: 5,
    coingecko: "ripple",
    pythId: "ec5d399846a9209f3fe5881d70aae9268c94339ff9817e8d18ff19fa05eea1c8",
    pythExpo: -8,
    rtdsBinance: "xrpusdt",
    rtdsChainlink: "xrp/usd",
    lot: 300,
  },
];

export const SYMBOLS: readonly string[] = ASSETS.map((asset) => asset.symbol);
