/**
 * Resolved Up/Down windows from a JSON array of Gamma `/markets` rows, the venue's own format. A
 * row is checked by zod; what calibrate needs of it is the window (`eventStartTime`..`endDate`), the
 * tokens (`clobTokenIds`, in `outcomes` order), who won (`closed: true` and `outcomePrices`
 * `["1","0"]` or `["0","1"]`) and which stream settles it (`resolutionSource`). Rows that are bad,
 * unresolved or not Up/Down are reported with the reason and skipped.
 */
import { z } from "zod";
import { timeField } from "../adapters/polymarket/gamma/row.ts";
import { Decimal } from "../decimal.ts";
import { slugSymbol } from "../markets/classify.ts";
import { type ResolutionSource, WINDOW_MS } from "../model/market.ts";
import { parseJson, parseStringArray } from "../safe-parse.ts";

/** One resolved window, the plain input every calibrate reader produces. */
export type ResolvedWindow = {
  slug: string;
  /** `<symbol>-updown-<length>`, e.g. "btc-updown-15m": the windows scored together. */
  series: string;
  symbol: string;
  start: number;
  end: number;
  settledBy: ResolutionSource;
  /** 1 when Up won, 0 when Down won. */
  outcome: 0 | 1;
  upToken: string;
  downToken: string;
};

export type GammaWindows = { windows: ResolvedWindow[]; problems: string[] };

/** The Up/Down market of one Gamma row, resolved (with its `outcome`) or not (with the reason). */
export type UpDownRow = Omit<ResolvedWindow, "outcome"> & ({ outcome: 0 | 1 } | { outcome?: undefined; unresolved: string });

/** Gamma sends some arrays JSON-encoded inside a string; both forms are read. */
const stringArray = z.unknown().transform((value, ctx) => {
  const parsed = parseStringArray(value);
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: "custom", message: parsed.error });
  return z.NEVER;
});

const time = z.unknown().transform((value, ctx) => {
  const ms = timeField(value);
  if (ms !== undefined) return ms;
  ctx.addIssue({ code: "custom", message: "expected an ISO-8601 time" });
  return z.NEVER;
});

const gammaRow = z.object({
  slug: z.string().min(1),
  eventStartTime: time,
  endDate: time,
  closed: z.union([z.boolean(), z.enum(["true", "false"]).transform((text) => text === "true")]).optional(),
  outcomes: stringArray,
  outcomePrices: stringArray.optional(),
  clobTokenIds: stringArray,
  resolutionSource: z.string().optional(),
});

const LABEL_BY_MS = new Map<number, string>(Object.entries(WINDOW_MS).map(([label, ms]) => [ms, label]));

function settledBy(resolutionSource: string | undefined): ResolutionSource {
  if (/binance/i.test(resolutionSource ?? "")) return "binance";
  if (/chain\.?link/i.test(resolutionSource ?? "")) return "chainlink";
  return "other";
}

/** Index of the winning outcome when the prices say exactly one won ("1" and "0"), else undefined. */
function winner(prices: readonly string[] | undefined): number | undefined {
  if (prices?.length !== 2) return undefined;
  const values = prices.map((text) => (/^\d+(\.\d+)?$/.test(text.trim()) ? new Decimal(text.trim()) : undefined));
  if (values[0]?.eq(1) && values[1]?.eq(0)) return 0;
  if (values[0]?.eq(0) && values[1]?.eq(1)) return 1;
  return undefined;
}

/** A Gamma row's Up/Down market, or why it is not one (the row named by its slug, else its index). */
export function upDownRow(raw: unknown, index: number): UpDownRow | string {
  const parsed = gammaRow.safeParse(raw);
  const name = parsed.success ? `market ${parsed.data.slug}` : `row ${index}`;
  if (!parsed.success) return `${name}: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "row"}: ${issue.message}`).join("; ")}`;
  const row = parsed.data;
  const labels = row.outcomes.map((label) => label.trim().toLowerCase());
  const up = labels.indexOf("up");
  const down = labels.indexOf("down");
  if (labels.length !== 2 || up < 0 || down < 0) return `${name}: not an Up/Down market (outcomes ${JSON.stringify(row.outcomes)})`;
  if (row.clobTokenIds.length !== 2 || !row.clobTokenIds.every((token) => /^\d{1,100}$/.test(token))) return `${name}: clobTokenIds must be two decimal token ids`;
  const symbol = slugSymbol(row.slug);
  if (!symbol) return `${name}: no known asset in the slug`;
  if (row.endDate <= row.eventStartTime) return `${name}: endDate is not after eventStartTime`;
  const won = winner(row.outcomePrices);
  const length = row.endDate - row.eventStartTime;
  const market = {
    slug: row.slug,
    series: `${symbol.toLowerCase()}-updown-${LABEL_BY_MS.get(length) ?? `${length / 60_000}m`}`,
    symbol,
    start: row.eventStartTime,
    end: row.endDate,
    settledBy: settledBy(row.resolutionSource),
    upToken: row.clobTokenIds[up]!,
    downToken: row.clobTokenIds[down]!,
  };
  if (row.closed !== true || won === undefined)
    return { ...market, unresolved: `${name}: not resolved (closed ${row.closed}, outcomePrices ${JSON.stringify(row.outcomePrices)})` };
  return { ...market, outcome: won === up ? 1 : 0 };
}

/** The resolved Up/Down windows of a Gamma `/markets` array, by window start. */
export function readGammaWindows(text: string): GammaWindows {
  const json = parseJson(text);
  if (!json.ok) return { windows: [], problems: [json.error] };
  if (!Array.isArray(json.value)) return { windows: [], problems: ["expected a JSON array of Gamma /markets rows"] };
  const windows: ResolvedWindow[] = [];
  const problems: string[] = [];
  for (const [index, raw] of json.value.entries()) {
    const result = upDownRow(raw, index);
    if (typeof result === "string") problems.push(result);
    else if (result.outcome === undefined) problems.push(result.unresolved);
    else windows.push(result);
  }
  return { windows: windows.sort((a, b) => a.start - b.start || a.slug.localeCompare(b.slug)), problems };
}
