/**
 * The market's own probability from the CLOB `/prices-history` body of a token:
 * `{"history":[{"t": <epoch s>, "p": <price>}]}`, one file per token (`DIR/<token id>.json`).
 * The body is checked by zod point by point: a bad point is reported and skipped, an unreadable
 * body is reported and the token has no history. The probability at time T is the last point at or
 * before T — the price the market showed then — and there is none before the first point.
 */
import { z } from "zod";
import { parseJson } from "../safe-parse.ts";

export type HistoryPoint = { ts: number; p: number };
export type PriceHistory = { points: HistoryPoint[]; problems: string[] };

const body = z.object({ history: z.array(z.unknown()) });
const point = z.object({ t: z.number().int().nonnegative(), p: z.number().min(0).max(1) });

/** Points sorted by time (ms), from the text of one `/prices-history` body. */
export function readPriceHistory(text: string): PriceHistory {
  const json = parseJson(text);
  if (!json.ok) return { points: [], problems: [json.error] };
  const parsed = body.safeParse(json.value);
  if (!parsed.success) return { points: [], problems: ['expected {"history": [{"t": <epoch s>, "p": <price>}, …]}'] };
  const problems: string[] = [];
  const points: HistoryPoint[] = [];
  parsed.data.history.forEach((raw, index) => {
    const checked = point.safeParse(raw);
    if (checked.success) points.push({ ts: checked.data.t * 1000, p: checked.data.p });
    else problems.push(`point ${index}: ${checked.error.issues.map((issue) => `${issue.path.join(".") || "point"}: ${issue.message}`).join("; ")}`);
  });
  return { points: points.sort((a, b) => a.ts - b.ts), problems };
}
