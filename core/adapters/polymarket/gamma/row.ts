/**
 * A Gamma market row, parsed defensively: arrays as JSON-encoded strings, token ids of 70–78 digits,
 * numbers and booleans as strings, `feeSchedule: null`. A row missing a required field is a failure
 * with a reason; an optional field that is absent or garbage becomes undefined. Never throws.
 */
import type { Decimal } from "../../../decimal.ts";
import { optionalDecimal, type Parsed, parseStringArray } from "../../../safe-parse.ts";

export type GammaRow = {
  id: string;
  conditionId: string;
  question: string;
  slug: string;
  description: string;
  resolutionSource: string;
  startDate?: number;
  endDate: number;
  eventStartTime?: number;
  active?: boolean;
  closed?: boolean;
  acceptingOrders?: boolean;
  enableOrderBook?: boolean;
  negRisk?: boolean;
  tickSize?: Decimal;
  minSize?: Decimal;
  groupItemTitle?: string;
  outcomes: string[];
  tokenIds: string[];
  /** `feesEnabled`: true, false, or not stated. */
  feesEnabled?: boolean;
  /** The raw `feeSchedule` object when present (validated by core/model/fee-schedule.ts). */
  feeSchedule?: { rate: unknown; exponent: unknown; takerOnly?: unknown };
  /** Titles of the events the row belongs to (rows from /events carry their event's title). */
  eventTitles: string[];
};

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

function bool(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** ISO-8601 (or epoch ms / s as a number) → ms; undefined when absent or unreadable. */
export function timeField(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value > 1e12 ? value : value * 1000;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d{10,13}$/.test(trimmed)) return trimmed.length === 13 ? Number(trimmed) : Number(trimmed) * 1000;
  // Gamma sometimes sends "2026-11-25 12:00:00+00" style times; Date.parse needs the T.
  const iso = /^\d{4}-\d{2}-\d{2} \d/.test(trimmed) ? trimmed.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00") : trimmed;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

const TOKEN_ID = /^\d{1,100}$/;
const CONDITION_ID = /^0x[0-9a-fA-F]{64}$/;

/** Parses one raw Gamma market row; `eventTitle` is the enclosing event's title when known. */
export function parseGammaRow(raw: unknown, eventTitle?: string): Parsed<GammaRow> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return fail("not an object");
  const row = raw as Record<string, unknown>;
  const id = text(row.id);
  if (!id) return fail("no id");
  const slug = text(row.slug);
  if (!slug) return fail(`market ${id}: no slug`);
  const conditionId = text(row.conditionId);
  if (!conditionId || !CONDITION_ID.test(conditionId)) return fail(`market ${slug}: conditionId missing or malformed`);
  const question = text(row.question);
  if (!question) return fail(`market ${slug}: no question`);
  const endDate = timeField(row.endDate);
  if (endDate === undefined) return fail(`market ${slug}: endDate missing or unreadable`);

  const outcomes = parseStringArray(row.outcomes);
  if (!outcomes.ok) return fail(`market ${slug}: outcomes: ${outcomes.error}`);
  const tokenIds = parseStringArray(row.clobTokenIds);
  if (!tokenIds.ok) return fail(`market ${slug}: clobTokenIds: ${tokenIds.error}`);
  if (outcomes.value.length < 2) return fail(`market ${slug}: fewer than two outcomes`);
  if (outcomes.value.length !== tokenIds.value.length) return fail(`market ${slug}: ${outcomes.value.length} outcomes but ${tokenIds.value.length} token ids`);
  const badToken = tokenIds.value.find((token) => !TOKEN_ID.test(token));
  if (badToken !== undefined) return fail(`market ${slug}: token id ${JSON.stringify(badToken.slice(0, 20))} is not a decimal string`);

  const feeSchedule = row.feeSchedule;
  const eventTitles: string[] = [];
  if (eventTitle) eventTitles.push(eventTitle);
  if (Array.isArray(row.events)) {
    for (const event of row.events) {
      const title = event && typeof event === "object" ? text((event as Record<string, unknown>).title) : undefined;
      if (title && !eventTitles.includes(title)) eventTitles.push(title);
    }
  }
  return {
    ok: true,
    value: {
      id,
      conditionId,
      question: question.trim(),
      slug,
      description: text(row.description) ?? "",
      resolutionSource: text(row.resolutionSource) ?? "",
      startDate: timeField(row.startDate),
      endDate,
      eventStartTime: timeField(row.eventStartTime),
      active: bool(row.active),
      closed: bool(row.closed),
      acceptingOrders: bool(row.acceptingOrders),
      enableOrderBook: bool(row.enableOrderBook),
      negRisk: bool(row.negRisk),
      tickSize: positive(row.orderPriceMinTickSize),
      minSize: positive(row.orderMinSize),
      groupItemTitle: text(row.groupItemTitle),
      outcomes: outcomes.value.map((label) => label.trim()),
      tokenIds: tokenIds.value,
      feesEnabled: bool(row.feesEnabled),
      feeSchedule: feeSchedule && typeof feeSchedule === "object" && !Array.isArray(feeSchedule) ? (feeSchedule as GammaRow["feeSchedule"]) : undefined,
      eventTitles,
    },
  };
}

function positive(value: unknown): Decimal | undefined {
  const parsed = optionalDecimal(value);
  return parsed?.gt(0) ? parsed : undefined;
}
