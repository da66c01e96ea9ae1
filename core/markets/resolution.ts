/**
 * Which stream settles a market, read from the row's own `resolutionSource` and `description` —
 * never assumed from the series. 5m/15m Up/Down windows name the Chainlink data stream; hourly,
 * daily and strike markets name a Binance candle. The pair the source names must be the market's
 * asset, and the two fields must not contradict each other; otherwise the market is unclassified.
 */
import type { GammaRow } from "../adapters/polymarket/gamma/row.ts";
import type { Resolution, ResolutionSource } from "../model/market.ts";

const BASE_ALIASES: Record<string, string> = { XBT: "BTC" };

function sourceKind(text: string): ResolutionSource | undefined {
  const chainlink = /chain\.?link/i.test(text);
  const binance = /binance/i.test(text);
  if (chainlink && !binance) return "chainlink";
  if (binance && !chainlink) return "binance";
  return undefined;
}

/** The source a description names: its "resolution source … is X" sentence, else the only one it mentions. */
function descriptionKind(description: string): ResolutionSource | undefined {
  const stated = description.match(/resolution source (?:for this market )?(?:is|will be)\s+(?:information from\s+)?(?:the\s+)?(chainlink|binance)/i);
  if (stated) return stated[1]!.toLowerCase() as ResolutionSource;
  return sourceKind(description);
}

function candle(text: string): string | undefined {
  if (/\b1[ -]?minute candle|"1m"/i.test(text)) return "1m";
  if (/\b1[ -]?hour candle|"1H"/i.test(text)) return "1h";
  if (/\b1[ -]?day candle|"1D"/i.test(text)) return "1d";
  return undefined;
}

export function resolutionOf(row: GammaRow, symbol: string): { ok: true; value: Resolution } | { ok: false; reason: string } {
  const source = row.resolutionSource.trim();
  const fromSource = source ? sourceKind(source) : undefined;
  const fromDescription = descriptionKind(row.description);
  if (fromSource && fromDescription && fromSource !== fromDescription) {
    return { ok: false, reason: `resolutionSource names ${fromSource} but the description ${fromDescription}` };
  }
  const kind = fromSource ?? fromDescription;
  const both = `${source} ${row.description}`;

  if (kind === "chainlink") {
    const pair = row.description.match(/\b([A-Z]{2,6})\s*\/\s*USD\b/) ?? source.match(/streams\/([a-z0-9]{2,6})-usd\b/i);
    const base = pair ? pair[1]!.toUpperCase() : undefined;
    if (base && (BASE_ALIASES[base] ?? base) !== symbol) return { ok: false, reason: `settles on the Chainlink ${base}/USD stream but the question is about ${symbol}` };
    return { ok: true, value: { source: "chainlink", detail: `${base ?? symbol}/USD data stream` } };
  }
  if (kind === "binance") {
    const pair = both.match(/\b([A-Z]{2,6})[/_ ]?USDT\b/);
    const base = pair ? pair[1]!.toUpperCase() : undefined;
    if (base && (BASE_ALIASES[base] ?? base) !== symbol) return { ok: false, reason: `settles on Binance ${base}USDT but the question is about ${symbol}` };
    const interval = candle(row.description);
    return { ok: true, value: { source: "binance", detail: `${base ?? symbol}USDT${interval ? ` ${interval} candle` : ""}` } };
  }
  const detail = source || row.description.match(/resolution source[^.]*\./i)?.[0] || "not stated";
  return { ok: true, value: { source: "other", detail: detail.slice(0, 200) } };
}
