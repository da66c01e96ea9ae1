/**
 * The effective configuration as printable data: decimals as strings, unset keys as null, secrets
 * masked. Used by `pm-arb config`, and by anything that logs the configuration it runs with.
 */
import { Decimal } from "../decimal.ts";
import type { ConfigSource, ResolvedConfig } from "./load.ts";
import { CONFIG_KEYS, type Config, type ConfigKey, SECRET_KEYS } from "./schema.ts";

export const MASK = "***";

/** A webhook URL with what could authorise a post hidden: credentials, query values, path past a plain first segment. */
export function maskUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return MASK;
  }
  const segments = url.pathname.split("/").filter(Boolean);
  const kept = segments.length > 0 && /^[a-z_-]{1,15}$/i.test(segments[0]!) ? [segments[0]!] : [];
  const path = segments.length === 0 ? "" : `/${[...kept, ...(segments.length > kept.length ? [MASK] : [])].join("/")}`;
  const query = [...url.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=${MASK}`).join("&");
  const auth = url.username || url.password ? `${MASK}@` : "";
  return `${url.protocol}//${auth}${url.host}${path}${query ? `?${query}` : ""}${url.hash ? `#${MASK}` : ""}`;
}

/** One value as it appears in a record; secrets masked. */
function printableValue(key: ConfigKey, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (SECRET_KEYS.has(key)) return key === "webhook_url" ? maskUrl(String(value)) : MASK;
  if (Decimal.isDecimal(value)) return (value as Decimal).toString();
  return value;
}

export type ConfigView = { [K in ConfigKey]: unknown } & {
  config_file: string | null;
  sources: Record<ConfigKey, ConfigSource>;
};

/** The fields of the `config` record (without the type/v/ts envelope). */
export function configView(resolved: ResolvedConfig): ConfigView {
  const out: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) out[key] = printableValue(key, (resolved.config as Config)[key]);
  out.config_file = resolved.file ?? null;
  out.sources = { ...resolved.sources };
  return out as ConfigView;
}
