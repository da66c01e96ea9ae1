/**
 * The recording format (docs/recordings.md): one directory of gzip'd JSON lines, one file per UTC
 * hour of receive time, and a manifest. Each line is `{"t": <ms>, "src": "<source>", "msg": <JSON>}`,
 * or `{"t": …, "src": …, "raw": "<text>"}` for a frame that is not JSON. Plain data and functions
 * (no zod): the writer is a cold command; the reader (read.ts) checks lines with zod.
 */

export const RECORDING_FORMAT = "pm-arb-recording";
export const RECORDING_VERSION = 1;
export const MANIFEST_FILE = "manifest.json";
export const HOUR_MS = 3_600_000;

/** What pm-arb records, named as the `src` of each line. */
const FEED_SOURCES = ["binance", "coinbase", "rtds", "clob_market"] as const;
export type FeedSource = (typeof FEED_SOURCES)[number];
export const RECORDED_SOURCES = [...FEED_SOURCES, "gamma_markets", "pm_arb"] as const;

/** Start (ms) of the file period holding receive time `t`. */
export function periodStart(t: number, periodMs: number): number {
  return Math.floor(t / periodMs) * periodMs;
}

/**
 * The file of the period starting at `start`: `2026-11-25T12.jsonl.gz` for an hour; shorter periods
 * (tests) add minutes, seconds and milliseconds. Names sort in time order.
 */
export function periodFileName(start: number, periodMs: number): string {
  const iso = new Date(start).toISOString();
  const stem = periodMs % HOUR_MS === 0 ? iso.slice(0, 13) : iso.slice(0, 23).replaceAll(":", "-").replace(".", "-");
  return `${stem}.jsonl.gz`;
}

export const RECORDING_FILE = /^\d{4}-\d{2}-\d{2}T[\d-]+\.jsonl\.gz$/;

/**
 * One line for a received frame. JSON text goes in verbatim as `msg` (numbers keep every digit the
 * sender wrote; a line break can only be whitespace between JSON tokens, so it becomes a space);
 * anything else is kept as the `raw` string.
 */
export function frameLine(t: number, src: string, text: string): string {
  const trimmed = text.trim();
  let json = trimmed !== "";
  if (json) {
    try {
      JSON.parse(trimmed);
    } catch {
      json = false;
    }
  }
  const head = `{"t":${t},"src":${JSON.stringify(src)},`;
  return json ? `${head}"msg":${trimmed.replace(/[\r\n]/g, " ")}}` : `${head}"raw":${JSON.stringify(text)}}`;
}

/** One line for a value pm-arb holds already parsed (a Gamma body, its own `pm_arb` events). */
export function valueLine(t: number, src: string, msg: unknown): string {
  return JSON.stringify({ t, src, msg });
}
