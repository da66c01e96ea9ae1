/**
 * Titles, slugs, descriptions and resolution sources of the crypto series, worded the way the
 * live markets state them: the description names the stream that settles the market, and clients
 * are expected to read it rather than assume.
 */

import type { SymbolInfo } from "./series.ts";
import { clockLabel, dateLabel, etParts, hourLabel, MONTHS } from "./time-et.ts";

export type MarketTexts = { slug: string; question: string; description: string; resolutionSource: string };

function chainlinkUrl(info: SymbolInfo): string {
  return `https://data.chain.link/streams/${info.stream}`;
}

export function binanceUrl(info: SymbolInfo): string {
  return `https://www.binance.com/en/trade/${info.binancePair}`;
}

const pairLabel = (info: SymbolInfo) => info.binancePair.replace("_", "/");

/** 5m / 15m windows, settled on the Chainlink data stream. */
export function shortWindowTexts(info: SymbolInfo, kind: "5m" | "15m", windowStart: number, end: number): MarketTexts {
  const a = etParts(windowStart);
  const b = etParts(end);
  const question = `${info.name} Up or Down - ${dateLabel(a)}, ${clockLabel(a.hour, a.minute)}-${clockLabel(b.hour, b.minute)} ET`;
  const stream = `${info.symbol}/USD`;
  const description =
    `This market will resolve to "Up" if the ${info.name} price at the end of the time range in the title is greater than or equal to the price at the beginning of that range. Otherwise it resolves to "Down".\n\n` +
    `The resolution source is Chainlink, specifically the ${stream} data stream available at ${chainlinkUrl(info)}. ` +
    `The start and end prices are the values the ${stream} data stream reports for the start and the end of the range.\n\n` +
    `This market is about the price according to the Chainlink ${stream} data stream, not according to other sources or spot markets.`;
  return { slug: `${info.short}-updown-${kind}-${Math.floor(windowStart / 1000)}`, question, description, resolutionSource: chainlinkUrl(info) };
}

/** Hourly windows, settled on the Binance 1h candle (open vs close). */
export function hourlyTexts(info: SymbolInfo, windowStart: number): MarketTexts {
  const a = etParts(windowStart);
  const month = MONTHS[a.month - 1]!.toLowerCase();
  const question = `${info.name} Up or Down - ${dateLabel(a)}, ${hourLabel(a.hour)} ET`;
  const description =
    `This market will resolve to "Up" if the close price of the Binance 1 hour candle for ${pairLabel(info)} that begins at the time in the title (ET) is greater than or equal to that candle's open price. Otherwise it resolves to "Down".\n\n` +
    `The resolution source is Binance, specifically the ${pairLabel(info)} "Open" and "Close" values of the 1H candles shown at ${binanceUrl(info)}. ` +
    `Prices from other exchanges, other trading pairs or other time frames are not considered.`;
  return { slug: `${info.name.toLowerCase()}-up-or-down-${month}-${a.day}-${hourLabel(a.hour).toLowerCase()}-et`, question, description, resolutionSource: binanceUrl(info) };
}

/** Daily "above" event (one market per strike), settled on the Binance 1m candle at 12:00 ET. */
export function aboveEventTexts(info: SymbolInfo, end: number): { slug: string; title: string; description: string } {
  const p = etParts(end);
  const month = MONTHS[p.month - 1]!.toLowerCase();
  return {
    slug: `${info.name.toLowerCase()}-above-on-${month}-${p.day}`,
    title: `${info.name} above ___ on ${dateLabel(p)}?`,
    description: aboveRule(info, p, "the price in the market's title"),
  };
}

export function aboveMarketTexts(info: SymbolInfo, end: number, strikeText: string, strikeSlugText: string): MarketTexts {
  const p = etParts(end);
  const month = MONTHS[p.month - 1]!.toLowerCase();
  return {
    slug: `${info.name.toLowerCase()}-above-${strikeSlugText}-on-${month}-${p.day}`,
    question: `Will the price of ${info.name} be above ${strikeText} on ${dateLabel(p)}?`,
    description: aboveRule(info, p, strikeText),
    resolutionSource: binanceUrl(info),
  };
}

function aboveRule(info: SymbolInfo, p: { month: number; day: number }, strike: string): string {
  return (
    `This market will resolve to "Yes" if the Binance 1 minute candle for ${pairLabel(info)} at 12:00 in the ET timezone (noon) on ${dateLabel(p)} has a final "Close" price higher than ${strike}. Otherwise it resolves to "No".\n\n` +
    `The resolution source is Binance, specifically the ${pairLabel(info)} "Close" price of the 1m candle shown at ${binanceUrl(info)}. ` +
    `Prices from other exchanges, other trading pairs or other candles are not considered.`
  );
}
