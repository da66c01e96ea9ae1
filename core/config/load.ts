/**
 * Loads the configuration when a command asks for it: defaults < config file < environment < flags,
 * validated by the one zod schema. An unknown key in the file or an unknown `PM_ARB_*` variable is
 * an error, so a typo never silently falls back to a default. `PAPER_TRADING=true` in the
 * environment beats everything, flags included.
 */
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { ConfigError } from "../cli/errors.ts";
import { parseJson } from "../safe-parse.ts";
import { closest } from "../suggest.ts";
import { defaultDbPath, SERVICE_URLS, type ServiceUrlKey, STATIC_DEFAULTS, serviceUrlDefault } from "./defaults.ts";
import { ENV_PREFIX, type Env, envName, paperTradingForced } from "./env.ts";
import { maskKeyLike, previewValue } from "./preview.ts";
import { bool, CONFIG_KEYS, type Config, type ConfigKey, configSchema, SECRET_KEYS } from "./schema.ts";

export type ConfigSource = "default" | "file" | "env" | "flag";

export type LoadConfigOptions = {
  /** `--config FILE`: must exist. Without it `PM_ARB_CONFIG`, then `./pm-arb.config.json` (optional). */
  configPath?: string;
  /** Flag values keyed by config key; `undefined` means "flag not given". */
  overrides?: Partial<Record<ConfigKey, unknown>>;
  env?: Env;
  cwd?: string;
  home?: string;
};

export type ResolvedConfig = {
  config: Config;
  sources: Record<ConfigKey, ConfigSource>;
  /** The config file that was read, if any. */
  file?: string;
};

const DEFAULT_CONFIG_FILE = "pm-arb.config.json";

const KEYS = new Set<string>(CONFIG_KEYS);
/** Environment variables with the prefix that are not config keys but are still ours. */
const OTHER_PREFIXED = new Set(["PM_ARB_CONFIG"]);

type Layer = { value: unknown; source: ConfigSource; origin: string };

/** The validated configuration. Throws ConfigError (exit 2) on the first bad key. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  return resolveConfig(options).config;
}

/** The validated configuration with where each value came from (for `pm-arb config`). */
export function resolveConfig(options: LoadConfigOptions = {}): ResolvedConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const home = options.home ?? homedir();
  const layers = new Map<ConfigKey, Layer>();

  const file = readConfigFile(options.configPath ?? env.PM_ARB_CONFIG, options.configPath ? "--config" : "PM_ARB_CONFIG", cwd);
  if (file) for (const [key, value] of Object.entries(file.values)) layers.set(key as ConfigKey, { value, source: "file", origin: `file ${file.label}` });

  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(ENV_PREFIX) || OTHER_PREFIXED.has(name)) continue;
    const key = name.slice(ENV_PREFIX.length).toLowerCase();
    if (!KEYS.has(key)) {
      const suggestion = closest(key, CONFIG_KEYS);
      throw new ConfigError(key, `unknown setting ${name} in the environment${suggestion ? `; did you mean ${envName(suggestion)}?` : ""}`);
    }
    if (value === undefined || value === "") continue;
    layers.set(key as ConfigKey, { value, source: "env", origin: `env ${name}` });
  }
  const paper = env.PAPER_TRADING;
  if (paper !== undefined && paper.trim() !== "") {
    if (!bool.safeParse(paper).success) throw new ConfigError("paper_trading", `PAPER_TRADING must be true or false; got ${previewValue(paper)} (env PAPER_TRADING)`);
    if (!layers.has("paper_trading") || layers.get("paper_trading")!.source !== "env") {
      layers.set("paper_trading", { value: paper, source: "env", origin: "env PAPER_TRADING" });
    }
  }

  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue;
    if (!KEYS.has(key)) throw new ConfigError(key, "unknown config key passed as a flag override");
    layers.set(key as ConfigKey, { value, source: "flag", origin: `flag --${key.replace(/_/g, "-")}` });
  }

  // The kill switch: PAPER_TRADING=true beats file, PM_ARB_PAPER_TRADING and --live alike.
  if (paperTradingForced(env)) layers.set("paper_trading", { value: true, source: "env", origin: "env PAPER_TRADING" });

  const sandbox = layers.get("sandbox_url");
  let sandboxUrl: string | undefined;
  if (sandbox) sandboxUrl = parseKey("sandbox_url", sandbox) as string | undefined;

  const raw: Record<string, unknown> = {};
  const sources = {} as Record<ConfigKey, ConfigSource>;
  for (const key of CONFIG_KEYS) {
    const layer = layers.get(key);
    if (layer) {
      raw[key] = layer.value;
      sources[key] = layer.source;
    } else {
      raw[key] = defaultFor(key, env, home, sandboxUrl);
      sources[key] = "default";
    }
  }

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    // Zod reports keys in schema order: the first issue is the first bad key.
    const issue = parsed.error.issues[0]!;
    const key = issue.path[0] as ConfigKey;
    throw keyError(key, issue.message, layers.get(key));
  }
  const config = parsed.data;
  config.db = resolveDbPath(config.db, layers.get("db"), file?.path, cwd, home);
  return { config, sources, file: file?.path };
}

function defaultFor(key: ConfigKey, env: Env, home: string, sandboxUrl: string | undefined): unknown {
  if (key in SERVICE_URLS) return serviceUrlDefault(key as ServiceUrlKey, sandboxUrl);
  if (key === "db") return defaultDbPath(env, home);
  return STATIC_DEFAULTS[key];
}

/** Validates one key on its own (used for sandbox_url, which other defaults depend on). */
function parseKey(key: ConfigKey, layer: Layer): unknown {
  const parsed = configSchema.shape[key].safeParse(layer.value);
  if (!parsed.success) throw keyError(key, parsed.error.issues[0]!.message, layer);
  return parsed.data;
}

function keyError(key: ConfigKey, message: string, layer: Layer | undefined): ConfigError {
  if (!layer) return new ConfigError(key, `${message} (default)`);
  // Secrets are never echoed, not even when malformed.
  const got = SECRET_KEYS.has(key) ? "" : `; got ${previewValue(layer.value)}`;
  return new ConfigError(key, `${message}${got} (${layer.origin})`);
}

type ConfigFile = { path: string; label: string; values: Record<string, unknown> };

function readConfigFile(explicit: string | undefined, via: string, cwd: string): ConfigFile | undefined {
  const path = resolve(cwd, explicit || DEFAULT_CONFIG_FILE);
  const label = explicit || DEFAULT_CONFIG_FILE;
  if (!existsSync(path)) {
    if (explicit) throw new ConfigError("file", `${label} (${via}) does not exist`);
    return undefined;
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError("file", `cannot read ${label}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const json = parseJson(text);
  // The parser quotes the file's text: a secret in it must not be.
  if (!json.ok) throw new ConfigError("file", `${label}: ${maskKeyLike(json.error)}`);
  const values = json.value;
  if (values === null || typeof values !== "object" || Array.isArray(values)) throw new ConfigError("file", `${label} must hold one JSON object of settings`);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key === "$schema") continue;
    if (!KEYS.has(key)) {
      const suggestion = closest(key, CONFIG_KEYS);
      throw new ConfigError(key, `unknown key in ${label}${suggestion ? `; did you mean ${suggestion}?` : ""}`);
    }
    out[key] = value;
  }
  return { path, label, values: out };
}

/** `~` expands to the home directory; a relative path is relative to the file that set it, else the cwd. */
function resolveDbPath(db: string, layer: Layer | undefined, filePath: string | undefined, cwd: string, home: string): string {
  if (db === ":memory:") return db;
  let path = db;
  if (path === "~" || path.startsWith("~/")) path = join(home, path.slice(1));
  if (isAbsolute(path)) return path;
  const base = layer?.source === "file" && filePath ? dirname(filePath) : cwd;
  return resolve(base, path);
}
