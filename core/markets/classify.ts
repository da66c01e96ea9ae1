/**
 * Classifies a parsed Gamma row as a crypto price market pm-arb can price, or says why not.
 * Certainty over coverage: every kind is recognised by an anchored question pattern, the asset and
 * the outcomes and an Up/Down window's length must agree everywhere the row states them. Anything
 * else is unclassified (counted and listed, never guessed). Pure.
 */

import type { GammaRow } from "../adapters/polymarket/gamma/row.ts";
import { Decimal } from "../decimal.ts";
import { venueSchedule } from "../model/fee-schedule.ts";
import { type FeeState, type Market, type MarketKind, WINDOW_MS, type WindowLabel } from "../model/market.ts";
import { resolutionOf } from "./resolution.ts";

/** A classified market; tick and minimum size may still be missing (the CLOB fills them in). */
export type ClassifiedMarket = Omit<Market, "tick_size" | "min_size"> & { tick_size?: Decimal; min_size?: Decimal };

export type Classification = { ok: true; market: ClassifiedMarket } | { ok: false; reason: string };

/** Asset names as Polymarket writes them in questions and slugs → bare symbols. */
const ASSETS: Record<string, string> = {
  bitcoin: "BTC",
  btc: "BTC",
  ethereum: "ETH",
  eth: "ETH",
  ether: "ETH",
  solana: "SOL",
  sol: "SOL",
  xrp: "XRP",
  ripple: "XRP",
};

const ASSET = "(?<asset>[A-Za-z][A-Za-z0-9.]*(?: [A-Za-z][A-Za-z0-9.]*)?)";
const NUM = String.raw`\$(?<NAME>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?<NAMEk>[kK])?`;
const num = (name: string) => NUM.replaceAll("NAME", name);
const WHEN = "(?<when>[^?]+?)";

const PATTERNS: { kind: MarketKind | "below"; re: RegExp }[] = [
  { kind: "updown", re: new RegExp(String.raw`^${ASSET} Up or Down(?: - | on )${WHEN}\??$`, "i") },
  { kind: "above", re: new RegExp(String.raw`^Will (?:the price of )?${ASSET} be (?:above|greater than|higher than) ${num("a")} (?:on|at) ${WHEN}\?$`, "i") },
  { kind: "below", re: new RegExp(String.raw`^Will (?:the price of )?${ASSET} be (?:below|less than|lower than) ${num("a")} (?:on|at) ${WHEN}\?$`, "i") },
  { kind: "range", re: new RegExp(String.raw`^Will (?:the price of )?${ASSET} be between ${num("a")} and ${num("b")} (?:on|at) ${WHEN}\?$`, "i") },
  { kind: "touch", re: new RegExp(String.raw`^Will ${ASSET} (?<verb>reach|hit|dip to|fall to|drop to) ${num("a")} (?:in|by|before|on or before) ${WHEN}\?$`, "i") },
];

function amount(groups: Record<string, string | undefined>, name: string): Decimal {
  const value = new Decimal(groups[name]!.replaceAll(",", ""));
  return groups[`${name}k`] ? value.times(1000) : value;
}

/** The asset a slug starts with ("btc-updown-15m-…", "bitcoin-up-or-down-…", "will-bitcoin-…"). */
export function slugSymbol(slug: string): string | undefined {
  const words = slug.toLowerCase().split("-");
  for (const word of words.slice(0, 4)) if (ASSETS[word]) return ASSETS[word];
  return undefined;
}

const fail = (reason: string): Classification => ({ ok: false, reason });

/** The fee as the row states it. A missing or unreadable schedule is unknown, never zero. */
export function feeStateOf(row: GammaRow): FeeState {
  const source = `gamma:${row.slug}`;
  if (row.feeSchedule) {
    const schedule = venueSchedule(row.feeSchedule, source);
    if (!schedule.ok) return { status: "unknown", reason: `feeSchedule: ${schedule.error}` };
    if (row.feesEnabled === false && !schedule.value.rate.isZero()) return { status: "unknown", reason: "feesEnabled is false but the feeSchedule charges a rate" };
    if (row.feesEnabled === false) return { status: "disabled" };
    return { status: "enabled", schedule: schedule.value };
  }
  if (row.feesEnabled === false) return { status: "disabled" };
  return { status: "unknown", reason: row.feesEnabled ? "fees enabled but no feeSchedule published" : "neither feesEnabled nor a feeSchedule stated" };
}

type WindowInfo = { window: WindowLabel; start: number };

const LABEL_BY_MS = new Map<number, WindowLabel>(Object.entries(WINDOW_MS).map(([label, ms]) => [ms, label as WindowLabel]));

function clockMinutes(hour: string, minute: string | undefined, half: string): number {
  return ((Number(hour) % 12) + (half.toUpperCase() === "PM" ? 12 : 0)) * 60 + Number(minute ?? 0);
}

/** Every hint of an Up/Down window's length; they must all agree, and match the times. */
function updownWindow(row: GammaRow, when: string): { ok: true; value: WindowInfo } | { ok: false; reason: string } {
  const hints: [string, WindowLabel][] = [];
  let slugStart: number | undefined;
  const slug = row.slug.match(/^[a-z]+-updown-(5m|15m|1h|4h|1d)-(\d{9,11})$/);
  if (slug) {
    hints.push(["slug", slug[1] as WindowLabel]);
    slugStart = Number(slug[2]) * 1000;
  }
  const range = when.match(/(\d{1,2})(?::(\d{2}))?\s*([AP]M)\s*-\s*(\d{1,2})(?::(\d{2}))?\s*([AP]M)\s*ET$/i);
  if (range) {
    const minutes = (clockMinutes(range[4]!, range[5], range[6]!) - clockMinutes(range[1]!, range[2], range[3]!) + 1440) % 1440;
    const label = LABEL_BY_MS.get(minutes * 60_000);
    if (!label) return { ok: false, reason: `question's time range lasts ${minutes} minutes, not a known window` };
    hints.push(["question", label]);
  } else if (/,\s*\d{1,2}(?::00)?\s*[AP]M\s*ET$/i.test(when)) hints.push(["question", "1h"]);
  else if (/^[A-Z][a-z]+ \d{1,2}(?:, \d{4})?$/.test(when.trim())) hints.push(["question", "1d"]);
  if (/\b1[ -]?hour candle|"1H"/i.test(row.description)) hints.push(["description", "1h"]);
  if (/\b1[ -]?day candle|"1D"|daily candle/i.test(row.description)) hints.push(["description", "1d"]);

  const start = row.eventStartTime ?? slugStart;
  if (row.eventStartTime !== undefined && slugStart !== undefined && row.eventStartTime !== slugStart) {
    return { ok: false, reason: "eventStartTime and the slug's window start disagree" };
  }
  if (start !== undefined) {
    const label = LABEL_BY_MS.get(row.endDate - start);
    if (!label) return { ok: false, reason: `window from start to end lasts ${(row.endDate - start) / 60_000} minutes, not a known window` };
    hints.push(["times", label]);
  }
  if (hints.length === 0) return { ok: false, reason: "no window length in slug, question, description or times" };
  const window = hints[0]![1];
  const conflict = hints.find(([, label]) => label !== window);
  if (conflict) return { ok: false, reason: `window length disagrees: ${hints.map(([where, label]) => `${where} ${label}`).join(", ")}` };
  // A window's length alone (question or description) fixes its start from the end time.
  return { ok: true, value: { window, start: start ?? row.endDate - WINDOW_MS[window] } };
}

function outcomesMatch(row: GammaRow, expected: [string, string]): boolean {
  if (row.outcomes.length !== 2) return false;
  const labels = row.outcomes.map((label) => label.toLowerCase()).sort();
  return labels[0] === expected[0] && labels[1] === expected[1];
}

/** The number a `groupItemTitle` such as "96,000" or "↑ 120,000" holds, if any. */
function groupNumber(title: string | undefined): Decimal | undefined {
  const match = title?.match(/^[^\d$]*\$?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)([kK])?$/);
  if (!match) return undefined;
  const value = new Decimal(match[1]!.replaceAll(",", ""));
  return match[2] ? value.times(1000) : value;
}

export function classify(row: GammaRow): Classification {
  let found: { kind: MarketKind | "below"; groups: Record<string, string | undefined> } | undefined;
  for (const pattern of PATTERNS) {
    const match = row.question.match(pattern.re);
    if (match?.groups) {
      found = { kind: pattern.kind, groups: match.groups };
      break;
    }
  }
  if (!found) return fail("question matches no known crypto price market pattern");
  const assetName = found.groups.asset!;
  const symbol = ASSETS[assetName.toLowerCase()];
  if (!symbol) return fail(`unsupported asset "${assetName}"`);
  const fromSlug = slugSymbol(row.slug);
  if (fromSlug && fromSlug !== symbol) return fail(`slug names ${fromSlug} but the question ${symbol}`);

  const resolution = resolutionOf(row, symbol);
  if (!resolution.ok) return fail(resolution.reason);

  const base = {
    id: row.id,
    condition_id: row.conditionId,
    slug: row.slug,
    question: row.question,
    symbol,
    end: row.endDate,
    resolution: resolution.value,
    outcomes: row.outcomes.map((label, i) => ({ label, token_id: row.tokenIds[i]! })),
    fee: feeStateOf(row),
    tick_size: row.tickSize,
    min_size: row.minSize,
    neg_risk: row.negRisk ?? false,
    accepting_orders: row.acceptingOrders ?? false,
  };
  const when = found.groups.when ?? "";

  if (found.kind === "updown") {
    if (!outcomesMatch(row, ["down", "up"])) return fail(`Up/Down question with outcomes ${JSON.stringify(row.outcomes)}`);
    const window = updownWindow(row, when);
    if (!window.ok) return fail(window.reason);
    return { ok: true, market: { ...base, kind: "updown", window: window.value.window, window_start: window.value.start } };
  }
  if (!outcomesMatch(row, ["no", "yes"])) return fail(`${found.kind} question with outcomes ${JSON.stringify(row.outcomes)}`);
  const a = amount(found.groups, "a");
  if (!a.gt(0)) return fail("price level is not positive");
  const group = groupNumber(row.groupItemTitle);

  if (found.kind === "above") {
    if (group && !group.eq(a)) return fail(`question strike ${a.toString()} disagrees with groupItemTitle ${row.groupItemTitle}`);
    return { ok: true, market: { ...base, kind: "above", strike: a } };
  }
  if (found.kind === "below") {
    if (group && !group.eq(a)) return fail(`question level ${a.toString()} disagrees with groupItemTitle ${row.groupItemTitle}`);
    return { ok: true, market: { ...base, kind: "range", low: new Decimal(0), high: a } };
  }
  if (found.kind === "range") {
    const b = amount(found.groups, "b");
    if (!a.lt(b)) return fail(`range low ${a.toString()} is not below high ${b.toString()}`);
    return { ok: true, market: { ...base, kind: "range", low: a, high: b } };
  }
  // touch
  const verb = found.groups.verb!.toLowerCase();
  const fromDescription = /"?High"? price (?:is )?(?:equal to or )?(?:greater|higher|above)|\bhigh\b[^.]*\bequal to or greater/i.test(row.description)
    ? "up"
    : /"?Low"? price (?:is )?(?:equal to or )?(?:less|lower|below)|\blow\b[^.]*\bequal to or less/i.test(row.description)
      ? "down"
      : undefined;
  const fromVerb = verb === "reach" ? "up" : verb === "hit" ? undefined : "down";
  const direction = fromVerb ?? fromDescription;
  if (!direction) return fail(`"${verb}" does not say whether the price must rise or fall to the level, and the description does not either`);
  if (fromVerb && fromDescription && fromVerb !== fromDescription)
    return fail(`question says ${fromVerb} but the description watches the ${fromDescription === "up" ? "high" : "low"}`);
  if (group && !group.eq(a)) return fail(`question level ${a.toString()} disagrees with groupItemTitle ${row.groupItemTitle}`);
  return { ok: true, market: { ...base, kind: "touch", barrier: a, direction, window_start: row.eventStartTime ?? row.startDate } };
}
