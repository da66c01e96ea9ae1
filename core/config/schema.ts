/**
 * The one configuration schema: flat snake_case keys, each a parser that accepts what a JSON file,
 * an environment variable (always a string) or a command's flag can hold, and produces the typed
 * value. Money and risk fractions become Decimal (parsed as text, never through Number); counts and
 * durations in milliseconds are plain integers. Defaults live in `core/config/defaults.ts`; the
 * precedence and the error reporting in `core/config/load.ts`.
 */
import { Decimal } from "../decimal.ts";
import { type Parsed, parseDecimal } from "../safe-parse.ts";
import { previewValue } from "./preview.ts";
import { parseSignatureType } from "./signature-type.ts";

/** A field is its never-throwing parser; its message becomes the ConfigError's. */
const field = <T>(parse: (value: unknown) => Parsed<T>) => parse;

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** Optional keys: absent (or an empty string, e.g. `PM_ARB_FUNDER=` in .env) means unset. */
function optional<T>(parse: (value: unknown) => Parsed<T>): (value: unknown) => Parsed<T | undefined> {
  return (value) => (value === undefined || value === null || value === "" ? { ok: true, value: undefined } : parse(value));
}

type Bounds = { min?: string; max?: string; minExclusive?: boolean };

function decimal(bounds: Bounds, form: string) {
  return (value: unknown): Parsed<Decimal> => {
    if (Decimal.isDecimal(value)) value = (value as Decimal).toString();
    const parsed = parseDecimal(value);
    if (!parsed.ok) return fail(`must be ${form}`);
    const d = parsed.value;
    // decimal.js reads "1e999999999999999999" as Infinity.
    if (!d.isFinite()) return fail(`must be ${form}`);
    if (bounds.min !== undefined && (bounds.minExclusive ? d.lte(bounds.min) : d.lt(bounds.min))) return fail(`must be ${form}`);
    if (bounds.max !== undefined && d.gt(bounds.max)) return fail(`must be ${form}`);
    return { ok: true, value: d };
  };
}

function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  const form = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
  return (value: unknown): Parsed<number> => {
    let n: number | undefined;
    if (typeof value === "number" && Number.isSafeInteger(value)) n = value;
    else if (typeof value === "string" && /^\s*-?\d{1,15}\s*$/.test(value)) n = Number.parseInt(value, 10);
    if (n === undefined || n < min || n > max) return fail(`must be ${form}`);
    return { ok: true, value: n };
  };
}

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

/** true/false, or the usual spellings of them in an environment variable. */
export function parseBool(value: unknown): Parsed<boolean> {
  if (typeof value === "boolean") return { ok: true, value };
  if (typeof value === "string") {
    const text = value.trim().toLowerCase();
    if (TRUE.has(text)) return { ok: true, value: true };
    if (FALSE.has(text)) return { ok: true, value: false };
  }
  return fail("must be true or false");
}

function url(schemes: readonly string[]) {
  const form = `an ${schemes.join(" or ")} URL`;
  return (value: unknown): Parsed<string> => {
    if (typeof value !== "string") return fail(`must be ${form}`);
    let parsed: URL;
    try {
      parsed = new URL(value.trim());
    } catch {
      return fail(`must be ${form}`);
    }
    if (!schemes.includes(parsed.protocol.replace(/:$/, ""))) return fail(`must be ${form}`);
    // Base URLs are joined with paths that start with "/": keep no trailing slash.
    return { ok: true, value: value.trim().replace(/\/+$/, "") };
  };
}

const httpUrl = url(["http", "https"]);
const wsUrl = url(["ws", "wss"]);

function nonEmptyString(value: unknown): Parsed<string> {
  if (typeof value !== "string" || value.trim() === "") return fail("must be a non-empty string");
  return { ok: true, value: value.trim() };
}

function address(value: unknown): Parsed<string> {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(value.trim())) return fail("must be an address: 0x followed by 40 hex digits");
  return { ok: true, value: value.trim() };
}

const PROVIDERS = ["binance", "coinbase", "kraken", "coingecko", "pyth"] as const;
export type ProviderName = (typeof PROVIDERS)[number];

/** A JSON array or a comma/space separated string of provider names, in priority order. */
function providers(value: unknown): Parsed<ProviderName[]> {
  let items: unknown[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === "string") items = value.trim().startsWith("[") ? safeArray(value) : value.split(/[,\s]+/).filter(Boolean);
  else return fail(`must be a list of providers from ${PROVIDERS.join(", ")}`);
  const out: ProviderName[] = [];
  for (const item of items) {
    const name = typeof item === "string" ? item.trim().toLowerCase() : "";
    if (!(PROVIDERS as readonly string[]).includes(name)) return fail(`unknown provider ${previewValue(item)}; known: ${PROVIDERS.join(", ")}`);
    if (out.includes(name as ProviderName)) return fail(`lists ${name} twice`);
    out.push(name as ProviderName);
  }
  if (out.length === 0) return fail("must name at least one provider");
  return { ok: true, value: out };
}

function safeArray(text: string): unknown[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [value];
  } catch {
    return [text];
  }
}

/** Pushover priorities: -2 lowest, -1 low, 0 normal, 1 high, 2 emergency (names accepted). */
const PRIORITIES = { lowest: -2, low: -1, normal: 0, high: 1, emergency: 2 } as const;

function priority(value: unknown): Parsed<number> {
  if (typeof value === "string" && Object.hasOwn(PRIORITIES, value.trim().toLowerCase())) {
    return { ok: true, value: PRIORITIES[value.trim().toLowerCase() as keyof typeof PRIORITIES] };
  }
  const parsed = integer(-2, 2)(value);
  return parsed.ok ? parsed : fail("must be -2..2 or one of lowest, low, normal, high, emergency");
}

const positiveMoney = decimal({ min: "0", minExclusive: true }, "a positive decimal (USDC)");

/**
 * The configuration schema: one parser per key, in the order errors are reported. Every key is
 * present after loading (defaults fill the gaps). Plain functions rather than zod: the config is
 * read once per process, and loading zod and building its schema cost every command ~8 ms.
 */
export const configSchema = {
  // Service base URLs (docs/architecture.md, "Service base URLs").
  sandbox_url: field(optional(httpUrl)),
  gamma_url: field(httpUrl),
  clob_url: field(httpUrl),
  data_api_url: field(httpUrl),
  clob_ws_url: field(wsUrl),
  rtds_url: field(wsUrl),
  binance_url: field(httpUrl),
  binance_ws_url: field(wsUrl),
  coinbase_url: field(httpUrl),
  coinbase_ws_url: field(wsUrl),
  kraken_url: field(httpUrl),
  coingecko_url: field(httpUrl),
  pyth_url: field(httpUrl),
  pushover_url: field(httpUrl),
  // Store and mode.
  db: field(nonEmptyString),
  paper_trading: field(parseBool),
  // Wallet (the key itself is a credential, see core/credentials.ts; never configuration).
  chain_id: field((value) => {
    const parsed = integer(1)(value);
    return parsed.ok && (parsed.value === 137 || parsed.value === 80002) ? parsed : fail("must be 137 (Polygon) or 80002 (Amoy)");
  }),
  signature_type: field(parseSignatureType),
  funder: field(optional(address)),
  // Risk limits (the pilot's safe defaults).
  bankroll: field(positiveMoney),
  max_trade_size: field(positiveMoney),
  max_market_exposure: field(positiveMoney),
  max_total_exposure: field(positiveMoney),
  max_open_positions: field(integer(1)),
  daily_loss_limit: field(positiveMoney),
  max_drawdown: field(decimal({ min: "0", minExclusive: true, max: "1" }, "a fraction of the high-water mark, above 0 and at most 1")),
  min_edge: field(decimal({ min: "0", max: "0.99" }, "a fraction from 0 to 0.99 (0.02 = 2 cents a share)")),
  max_price_age_ms: field(integer(1)),
  max_book_age_ms: field(integer(1)),
  cooldown_ms: field(integer(0)),
  // Oracle.
  providers: field(providers),
  price_max_age_ms: field(integer(1)),
  request_timeout_ms: field(integer(1, 600_000)),
  // Venue time a sent order with no trace at the venue waits, past the request timeout, before it is judged not placed.
  absent_grace_ms: field(integer(0, 86_400_000)),
  // Alerts and API keys (secrets are masked in every printed form).
  pushover_token: field(optional(nonEmptyString)),
  pushover_user: field(optional(nonEmptyString)),
  webhook_url: field(optional(httpUrl)),
  alert_min_priority: field(priority),
  coingecko_api_key: field(optional(nonEmptyString)),
};

type Parser = (value: unknown) => Parsed<unknown>;
type Output<P> = P extends (value: unknown) => Parsed<infer T> ? T : never;
export type Config = { [K in keyof typeof configSchema]: Output<(typeof configSchema)[K]> };
export type ConfigKey = keyof Config;
export const CONFIG_KEYS = Object.keys(configSchema) as ConfigKey[];

/** Every key of `raw` parsed in schema order; the first key that fails, with its message. */
export function parseConfig(raw: Record<string, unknown>): { ok: true; config: Config } | { ok: false; key: ConfigKey; error: string } {
  const config: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const parsed = (configSchema[key] as Parser)(raw[key]);
    if (!parsed.ok) return { ok: false, key, error: parsed.error };
    config[key] = parsed.value;
  }
  return { ok: true, config: config as Config };
}

/** Keys whose values are secrets: never printed, never echoed in an error. */
export const SECRET_KEYS: ReadonlySet<ConfigKey> = new Set<ConfigKey>(["pushover_token", "pushover_user", "coingecko_api_key", "webhook_url"]);

/** Cross-key rules, checked after each key is valid on its own: [key at fault, message] or undefined. */
export function crossCheck(config: Config): [ConfigKey, string] | undefined {
  const order: [ConfigKey, ConfigKey][] = [
    ["max_trade_size", "max_market_exposure"],
    ["max_market_exposure", "max_total_exposure"],
    ["max_total_exposure", "bankroll"],
    ["daily_loss_limit", "bankroll"],
  ];
  for (const [small, large] of order) {
    const a = config[small] as Decimal;
    const b = config[large] as Decimal;
    if (a.gt(b)) return [small, `must not exceed ${large} (${a.toString()} > ${b.toString()})`];
  }
  return undefined;
}
