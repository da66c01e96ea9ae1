/**
 * The one configuration schema (zod): flat snake_case keys, each accepting what a JSON file, an
 * environment variable (always a string) or a flag can hold. Money and risk fractions become
 * Decimal (parsed as text, never through Number). Each check's message is what the ConfigError says
 * after `config <key>: `.
 */
import { z } from "zod";
import { Decimal } from "../decimal.ts";
import { NUMERIC } from "../safe-parse.ts";
import { previewValue } from "./preview.ts";
import { parseSignatureType } from "./signature-type.ts";

/** Optional keys: absent (or an empty string, e.g. `PM_ARB_FUNDER=` in .env) means unset. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" || value === null ? undefined : value), schema.optional());

/** Trimmed text; anything else fails with `error`. */
const text = (error: string) => z.string({ error }).trim();

/** A decimal as text, a JSON number or a Decimal (a flag's value); `inRange` bounds it. */
function decimal(form: string, inRange: (value: Decimal) => boolean) {
  const error = `must be ${form}`;
  return (
    z
      .union([z.string(), z.number(), z.custom<Decimal>(Decimal.isDecimal)], { error })
      .transform(String)
      .pipe(text(error).regex(NUMERIC, { error }))
      .transform((digits) => new Decimal(digits))
      // decimal.js reads "1e999999999999999999" as Infinity.
      .refine((value) => value.isFinite() && inRange(value), { error })
  );
}

/** A JSON number, or an environment variable's digits. */
const digits = z
  .string()
  .regex(/^\s*-?\d{1,15}\s*$/)
  .transform(Number);

function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  const error = max === Number.MAX_SAFE_INTEGER ? `must be an integer >= ${min}` : `must be an integer from ${min} to ${max}`;
  return z.union([z.number(), digits], { error }).pipe(z.int({ error }).min(min, { error }).max(max, { error }));
}

const TRUE = ["true", "1", "yes", "on"];
const FALSE = ["false", "0", "no", "off"];
const boolWord = z
  .string()
  .trim()
  .pipe(z.stringbool({ truthy: TRUE, falsy: FALSE }));

/** true/false, or the usual spellings of them in an environment variable. */
export const bool = z.union([z.boolean(), boolWord], { error: "must be true or false" });

function url(...schemes: string[]) {
  const error = `must be an ${schemes.join(" or ")} URL`;
  return (
    text(error)
      .pipe(z.url({ protocol: new RegExp(`^(${schemes.join("|")})$`), error }))
      // Base URLs are joined with paths that start with "/": keep no trailing slash.
      .transform((value) => value.replace(/\/+$/, ""))
  );
}

const httpUrl = url("http", "https");
const wsUrl = url("ws", "wss");

const nonEmptyString = text("must be a non-empty string").min(1, { error: "must be a non-empty string" });

const ADDRESS_FORM = "must be an address: 0x followed by 40 hex digits";
const address = text(ADDRESS_FORM).regex(/^0x[0-9a-fA-F]{40}$/, { error: ADDRESS_FORM });

/** Shared with core/credentials.ts, which reads the same setting from POLYMARKET_SIGNATURE_TYPE. */
const signatureType = z.unknown().transform((value, ctx) => {
  const parsed = parseSignatureType(value);
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: "custom", message: parsed.error });
  return z.NEVER;
});

const PROVIDERS = ["binance", "coinbase", "kraken", "coingecko", "pyth"] as const;
const unknownProvider = (issue: { input?: unknown }) => `unknown provider ${previewValue(issue.input)}; known: ${PROVIDERS.join(", ")}`;

const providerName = z
  .string({ error: unknownProvider })
  .trim()
  .toLowerCase()
  .pipe(z.enum(PROVIDERS, { error: unknownProvider }));

/** A JSON array or a comma/space separated string of provider names, in priority order. */
const providers = z.preprocess(
  (value) => (typeof value !== "string" ? value : value.trim().startsWith("[") ? jsonArray(value) : value.split(/[,\s]+/).filter(Boolean)),
  z
    .array(providerName, { error: `must be a list of providers from ${PROVIDERS.join(", ")}` })
    .min(1, { error: "must name at least one provider" })
    .refine((names) => new Set(names).size === names.length, { error: "must not name a provider twice" }),
);

function jsonArray(text: string): unknown[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [value];
  } catch {
    return [text];
  }
}

/** Pushover priorities: -2 lowest, -1 low, 0 normal, 1 high, 2 emergency (names accepted). */
const PRIORITIES = { lowest: -2, low: -1, normal: 0, high: 1, emergency: 2 } as const;
const PRIORITY_NAMES = Object.keys(PRIORITIES) as (keyof typeof PRIORITIES)[];
const priorityName = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(PRIORITY_NAMES))
  .transform((name) => PRIORITIES[name]);
const priority = z.union([priorityName, integer(-2, 2)], { error: `must be -2..2 or one of ${PRIORITY_NAMES.join(", ")}` });

const positiveMoney = decimal("a positive decimal (USDC)", (value) => value.gt(0));

/** Limits that must not exceed each other: [smaller, larger]. */
const LIMIT_ORDER = [
  ["max_trade_size", "max_market_exposure"],
  ["max_market_exposure", "max_total_exposure"],
  ["max_total_exposure", "bankroll"],
  ["daily_loss_limit", "bankroll"],
] as const;

/**
 * The configuration schema, keys in the order errors are reported. Every key is present after
 * loading (defaults fill the gaps). Cross-key rules run once every key is valid on its own.
 */
export const configSchema = z
  .object({
    // Service base URLs (docs/architecture.md, "Service base URLs").
    sandbox_url: optional(httpUrl),
    gamma_url: httpUrl,
    clob_url: httpUrl,
    data_api_url: httpUrl,
    clob_ws_url: wsUrl,
    rtds_url: wsUrl,
    binance_url: httpUrl,
    binance_ws_url: wsUrl,
    coinbase_url: httpUrl,
    coinbase_ws_url: wsUrl,
    kraken_url: httpUrl,
    coingecko_url: httpUrl,
    pyth_url: httpUrl,
    pushover_url: httpUrl,
    // Store and mode.
    db: nonEmptyString,
    paper_trading: bool,
    // Wallet (the key itself is a credential, see core/credentials.ts; never configuration).
    chain_id: integer(1).refine((id) => id === 137 || id === 80002, { error: "must be 137 (Polygon) or 80002 (Amoy)" }),
    signature_type: signatureType,
    funder: optional(address),
    // Risk limits (the pilot's safe defaults).
    bankroll: positiveMoney,
    max_trade_size: positiveMoney,
    max_market_exposure: positiveMoney,
    max_total_exposure: positiveMoney,
    max_open_positions: integer(1),
    daily_loss_limit: positiveMoney,
    max_drawdown: decimal("a fraction of the high-water mark, above 0 and at most 1", (value) => value.gt(0) && value.lte(1)),
    min_edge: decimal("a fraction from 0 to 0.99 (0.02 = 2 cents a share)", (value) => value.gte(0) && value.lte("0.99")),
    max_price_age_ms: integer(1),
    max_book_age_ms: integer(1),
    cooldown_ms: integer(0),
    // Oracle.
    providers,
    price_max_age_ms: integer(1),
    request_timeout_ms: integer(1, 600_000),
    // Venue time a sent order with no trace at the venue waits, past the request timeout, before it is judged not placed.
    absent_grace_ms: integer(0, 86_400_000),
    // Alerts and API keys (secrets are masked in every printed form).
    pushover_token: optional(nonEmptyString),
    pushover_user: optional(nonEmptyString),
    webhook_url: optional(httpUrl),
    alert_min_priority: priority,
    coingecko_api_key: optional(nonEmptyString),
  })
  .superRefine(
    (config, ctx) => {
      const [small, large] = LIMIT_ORDER.find(([small, large]) => config[small].gt(config[large])) ?? [];
      if (small && large) ctx.addIssue({ code: "custom", path: [small], message: `must not exceed ${large} (${config[small]} > ${config[large]})` });
    },
    // Only once every key is valid on its own.
    { when: (payload) => payload.issues.length === 0 },
  );

export type Config = z.output<typeof configSchema>;
export type ConfigKey = keyof Config;
export const CONFIG_KEYS = Object.keys(configSchema.shape) as ConfigKey[];

/** Keys whose values are secrets: never printed, never echoed in an error. */
export const SECRET_KEYS: ReadonlySet<ConfigKey> = new Set<ConfigKey>(["pushover_token", "pushover_user", "coingecko_api_key", "webhook_url"]);
