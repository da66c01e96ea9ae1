import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ConfigError } from "../../../core/cli/errors.ts";
import { SERVICE_URLS, type ServiceUrlKey } from "../../../core/config/defaults.ts";
import { paperTradingForced } from "../../../core/config/env.ts";
import { type LoadConfigOptions, resolveConfig } from "../../../core/config/load.ts";
import { CONFIG_KEYS } from "../../../core/config/schema.ts";
import { loadCredentials } from "../../../core/credentials.ts";
import { Decimal } from "../../../core/decimal.ts";
import { tempDir } from "../../helpers/temp.ts";
import { thrown } from "../../helpers/thrown.ts";

const HOME = "/home/tester";

/**
 * A clean cwd (no config file but `file` as ./pm-arb.config.json and `files` by their paths), an
 * explicit env and home: nothing leaks in from the test process.
 */
function load(options: LoadConfigOptions & { file?: unknown; files?: Record<string, unknown> } = {}) {
  const cwd = options.cwd ?? tempDir();
  const files = options.file === undefined ? options.files : { ...options.files, "pm-arb.config.json": options.file };
  for (const [path, content] of Object.entries(files ?? {})) {
    mkdirSync(dirname(join(cwd, path)), { recursive: true });
    writeFileSync(join(cwd, path), typeof content === "string" ? content : JSON.stringify(content));
  }
  return resolveConfig({ env: {}, home: HOME, ...options, cwd });
}

describe("defaults", () => {
  test("every key has a value from its 'default': the pilot's safe risk limits (the money as Decimal), the real hosts from docs/architecture.md, and the rest", () => {
    const { config, sources, file } = load();
    expect(file).toBeUndefined();
    expect(Object.keys(config).sort()).toEqual([...CONFIG_KEYS].sort());
    for (const key of CONFIG_KEYS) expect(sources[key]).toBe("default");
    const money = Object.entries(config).filter(([, value]) => Decimal.isDecimal(value));
    expect(Object.fromEntries(money.map(([key, value]) => [key, String(value)]))).toEqual({
      bankroll: "200",
      max_trade_size: "20",
      max_market_exposure: "50",
      max_total_exposure: "150",
      daily_loss_limit: "40",
      max_drawdown: "0.2",
      min_edge: "0.02",
    });
    expect(config).toMatchObject({
      max_open_positions: 10,
      max_price_age_ms: 3000,
      max_book_age_ms: 5000,
      cooldown_ms: 30000,
      providers: ["binance", "coinbase", "kraken", "coingecko", "pyth"],
      price_max_age_ms: 5000,
      request_timeout_ms: 2500,
      paper_trading: true,
      chain_id: 137,
      signature_type: 0,
      alert_min_priority: 0,
      gamma_url: "https://gamma-api.polymarket.com",
      clob_url: "https://clob.polymarket.com",
      data_api_url: "https://data-api.polymarket.com",
      clob_ws_url: "wss://ws-subscriptions-clob.polymarket.com",
      rtds_url: "wss://ws-live-data.polymarket.com",
      binance_url: "https://api.binance.com",
      binance_ws_url: "wss://stream.binance.com:9443",
      coinbase_url: "https://api.exchange.coinbase.com",
      coinbase_ws_url: "wss://ws-feed.exchange.coinbase.com",
      kraken_url: "https://api.kraken.com",
      coingecko_url: "https://api.coingecko.com",
      pyth_url: "https://hermes.pyth.network",
      pushover_url: "https://api.pushover.net",
    });
    expect([config.funder, config.sandbox_url, config.pushover_token]).toEqual([undefined, undefined, undefined]);
  });
});

describe("one value, from wherever it is set", () => {
  const shown = (value: unknown) => (Decimal.isDecimal(value) ? value.toString() : value);
  test.each([
    ["db defaults to the XDG data dir", { env: {} }, "db", `${HOME}/.local/share/pm-arb/pm-arb.sqlite`],
    ["db defaults to the XDG data dir (XDG_DATA_HOME set)", { env: { XDG_DATA_HOME: "/xdg" } }, "db", "/xdg/pm-arb/pm-arb.sqlite"],
    ["db defaults to the XDG data dir (XDG_DATA_HOME empty)", { env: { XDG_DATA_HOME: "" } }, "db", `${HOME}/.local/share/pm-arb/pm-arb.sqlite`],
    ["~ in a db path expands to home", { env: { PM_ARB_DB: "~/x/s.sqlite" } }, "db", `${HOME}/x/s.sqlite`],
    ["a :memory: db stays as it is", { env: { PM_ARB_DB: ":memory:" } }, "db", ":memory:"],
    ["a flag override may already be a Decimal", { overrides: { min_edge: new Decimal("0.035") } }, "min_edge", "0.035"],
    ["PM_ARB_CONFIG names the file when --config is not given", { files: { "x.json": { bankroll: "250" } }, env: { PM_ARB_CONFIG: "x.json" } }, "bankroll", "250"],
    ["a JSON $schema key is allowed in the file", { file: { $schema: "./schema.json", bankroll: "210" } }, "bankroll", "210"],
    ["providers may be a JSON array in the environment", { env: { PM_ARB_PROVIDERS: '["pyth","coingecko"]' } }, "providers", ["pyth", "coingecko"]],
    ["limits that agree under a larger bankroll", { file: { bankroll: "1000", max_total_exposure: "500" } }, "max_total_exposure", "500"],
    ["an https sandbox maps to wss", { file: { sandbox_url: "https://sandbox.test" } }, "rtds_url", "wss://sandbox.test/rtds"],
    ["PAPER_TRADING=false is an ordinary env value", { env: { PAPER_TRADING: "false" } }, "paper_trading", false],
    ["PAPER_TRADING=false is a value a flag can override", { env: { PAPER_TRADING: "false" }, overrides: { paper_trading: true } }, "paper_trading", true],
  ] as const)("%s", (_, options, key, value) => {
    expect(shown(load(options as never).config[key])).toEqual(value);
  });
});

describe("precedence: defaults < file < env < flags", () => {
  const file = { max_trade_size: "5" };
  const env = { PM_ARB_MAX_TRADE_SIZE: "6" };
  const overrides = { max_trade_size: "7" };
  test.each([
    ["default", {}, "20"],
    ["file", { file }, "5"],
    ["env", { file, env }, "6"],
    ["flag", { file, env, overrides }, "7"],
    ["flag", { overrides }, "7"],
    ["env", { env, overrides: { max_trade_size: undefined } }, "6"],
  ] as const)("source %s", (source, options, value) => {
    const { config, sources } = load(options as never);
    expect(config.max_trade_size.toString()).toBe(value);
    expect(sources.max_trade_size).toBe(source);
  });

  test("an empty environment variable counts as unset", () => {
    const { config, sources } = load({ file: { funder: `0x${"a".repeat(40)}` }, env: { PM_ARB_FUNDER: "" } });
    expect(config.funder).toBe(`0x${"a".repeat(40)}`);
    expect(sources.funder).toBe("file");
  });
});

describe("config file", () => {
  test("./pm-arb.config.json in the cwd is read when present", () => {
    const { config, sources, file } = load({ file: { bankroll: 300, providers: ["pyth", "binance"] } });
    expect(file).toEndWith("pm-arb.config.json");
    expect(config.bankroll.toString()).toBe("300");
    expect(config.providers).toEqual(["pyth", "binance"]);
    expect(sources.providers).toBe("file");
  });

  test("--config FILE is read relative to the cwd and beats the default file", () => {
    const cwd = tempDir();
    const { config, file } = load({ cwd, file: { bankroll: "300" }, files: { "conf/alt.json": { bankroll: "400" } }, configPath: "conf/alt.json" });
    expect(config.bankroll.toString()).toBe("400");
    expect(file).toBe(join(cwd, "conf", "alt.json"));
  });

  test("a missing explicit file is an error; a missing default file is not", () => {
    expect(() => load()).not.toThrow();
    const error = thrown(ConfigError, () => load({ configPath: "nope.json" }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("nope.json");
    expect(thrown(ConfigError, () => load({ env: { PM_ARB_CONFIG: "gone.json" } })).message).toContain("gone.json");
  });

  test.each([
    ["{ not json", "invalid JSON"],
    ["[1, 2]", "one JSON object"],
    ["null", "one JSON object"],
  ])("unreadable content %p is an error", (text, fragment) => {
    expect(thrown(ConfigError, () => load({ file: text })).message).toContain(fragment);
  });

  test("an unknown key is an error naming it, with a suggestion for a typo", () => {
    const error = thrown(ConfigError, () => load({ file: { max_trade_sise: "5" } }));
    expect(error.key).toBe("max_trade_sise");
    expect(error.message).toContain("did you mean max_trade_size?");
    expect(thrown(ConfigError, () => load({ file: { totally_unrelated_thing: 1 } })).key).toBe("totally_unrelated_thing");
  });

  test("money keeps every digit whether written as a string or a JSON number", () => {
    const { config } = load({ file: { min_edge: "0.123456789012345678901234567890", bankroll: 1234567890123456800, max_total_exposure: "150" } });
    expect(config.min_edge.toFixed()).toBe("0.12345678901234567890123456789");
    expect(config.min_edge.eq("0.123456789012345678901234567890")).toBe(true);
    expect(config.bankroll.gt("1234567890123456000")).toBe(true);
  });

  test("a relative db path in the file is relative to the file, in the environment to the cwd", () => {
    const cwd = tempDir();
    expect(load({ cwd, files: { "etc/c.json": { db: "data/store.sqlite" } }, configPath: "etc/c.json" }).config.db).toBe(join(cwd, "etc", "data", "store.sqlite"));
    expect(load({ cwd, env: { PM_ARB_DB: "rel.sqlite" } }).config.db).toBe(join(cwd, "rel.sqlite"));
  });
});

describe("environment", () => {
  test("PM_ARB_<UPPER_KEY> sets every key", () => {
    const { config, sources } = load({
      env: {
        PM_ARB_CHAIN_ID: "80002",
        PM_ARB_SIGNATURE_TYPE: "poly_gnosis_safe",
        PM_ARB_PROVIDERS: "coinbase, kraken",
        PM_ARB_MAX_OPEN_POSITIONS: "3",
        PM_ARB_ALERT_MIN_PRIORITY: "high",
        PM_ARB_PAPER_TRADING: "false",
      },
    });
    expect(config).toMatchObject({ chain_id: 80002, signature_type: 2, providers: ["coinbase", "kraken"], max_open_positions: 3, alert_min_priority: 1, paper_trading: false });
    expect(sources.chain_id).toBe("env");
  });

  test("an unknown PM_ARB_ variable is an error (a typo must not fall back to the default)", () => {
    const error = thrown(ConfigError, () => load({ env: { PM_ARB_MAX_TRADE_SZE: "5" } }));
    expect(error.message).toContain("PM_ARB_MAX_TRADE_SZE");
    expect(error.message).toContain("PM_ARB_MAX_TRADE_SIZE");
  });
});

describe("sandbox_url", () => {
  const SANDBOX = "http://127.0.0.1:8787";
  const expected: Record<ServiceUrlKey, string> = {
    gamma_url: `${SANDBOX}/gamma`,
    clob_url: `${SANDBOX}/clob`,
    data_api_url: `${SANDBOX}/data-api`,
    clob_ws_url: "ws://127.0.0.1:8787/clob-ws",
    rtds_url: "ws://127.0.0.1:8787/rtds",
    binance_url: `${SANDBOX}/binance`,
    binance_ws_url: "ws://127.0.0.1:8787/binance-ws",
    coinbase_url: `${SANDBOX}/coinbase`,
    coinbase_ws_url: "ws://127.0.0.1:8787/coinbase-ws",
    kraken_url: `${SANDBOX}/kraken`,
    coingecko_url: `${SANDBOX}/coingecko`,
    pyth_url: `${SANDBOX}/pyth`,
    pushover_url: "https://api.pushover.net",
  };

  test("points every service without an explicit URL at the sandbox prefix", () => {
    const { config, sources } = load({ env: { PM_ARB_SANDBOX_URL: `${SANDBOX}/` } });
    expect(config.sandbox_url).toBe(SANDBOX);
    for (const key of Object.keys(SERVICE_URLS) as ServiceUrlKey[]) {
      expect(config[key]).toBe(expected[key]);
      expect(sources[key]).toBe("default");
    }
  });

  test("an explicitly set URL still wins over the sandbox", () => {
    const { config, sources } = load({ env: { PM_ARB_SANDBOX_URL: SANDBOX, PM_ARB_CLOB_URL: "http://10.0.0.1:9000/" } });
    expect(config.clob_url).toBe("http://10.0.0.1:9000");
    expect(sources.clob_url).toBe("env");
    expect(config.gamma_url).toBe(`${SANDBOX}/gamma`);
  });
});

describe("PAPER_TRADING kill switch", () => {
  test("PAPER_TRADING=true beats the file, PM_ARB_PAPER_TRADING and a --live flag", () => {
    const { config, sources } = load({ file: { paper_trading: false }, env: { PAPER_TRADING: "true", PM_ARB_PAPER_TRADING: "false" }, overrides: { paper_trading: false } });
    expect(config.paper_trading).toBe(true);
    expect(sources.paper_trading).toBe("env");
  });

  test("an unreadable PAPER_TRADING is a ConfigError", () => {
    const error = thrown(ConfigError, () => load({ env: { PAPER_TRADING: "ture" } }));
    expect(error.key).toBe("paper_trading");
    expect(error.message).toContain("PAPER_TRADING");
  });

  test.each([
    [undefined, false],
    ["", false],
    ["true", true],
    ["TRUE", true],
    ["1", true],
    ["yes", true],
    ["false", false],
    ["0", false],
    ["off", false],
    ["ture", true], // unreadable: fail safe
  ])("paperTradingForced(PAPER_TRADING=%p) = %p", (value, forced) => {
    expect(paperTradingForced({ PAPER_TRADING: value })).toBe(forced);
  });
});

describe("invalid values name the key and the source", () => {
  test.each([
    ["max_trade_size", "env PM_ARB_MAX_TRADE_SIZE", { env: { PM_ARB_MAX_TRADE_SIZE: "abc" } }],
    ["max_trade_size", "env PM_ARB_MAX_TRADE_SIZE", { env: { PM_ARB_MAX_TRADE_SIZE: "-1" } }],
    ["bankroll", "file pm-arb.config.json", { file: { bankroll: "NaN" } }],
    ["bankroll", "file pm-arb.config.json", { file: { bankroll: "" } }],
    ["max_drawdown", "file", { file: { max_drawdown: "1.5" } }],
    ["max_drawdown", "file", { file: { max_drawdown: 0 } }],
    ["min_edge", "flag --min-edge", { overrides: { min_edge: "1" } }],
    ["max_open_positions", "env", { env: { PM_ARB_MAX_OPEN_POSITIONS: "2.5" } }],
    ["max_open_positions", "env", { env: { PM_ARB_MAX_OPEN_POSITIONS: "0" } }],
    ["cooldown_ms", "file", { file: { cooldown_ms: "30s" } }],
    ["cooldown_ms", "file", { file: { cooldown_ms: true } }],
    ["chain_id", "env", { env: { PM_ARB_CHAIN_ID: "1" } }],
    ["signature_type", "env", { env: { PM_ARB_SIGNATURE_TYPE: "4" } }],
    ["signature_type", "env", { env: { PM_ARB_SIGNATURE_TYPE: "SAFE" } }],
    ["funder", "env", { env: { PM_ARB_FUNDER: "0x1234" } }],
    ["providers", "env", { env: { PM_ARB_PROVIDERS: "binance,bitstamp" } }],
    ["providers", "env", { env: { PM_ARB_PROVIDERS: "binance,binance" } }],
    ["providers", "file", { file: { providers: [] } }],
    ["gamma_url", "env", { env: { PM_ARB_GAMMA_URL: "ftp://x" } }],
    ["clob_ws_url", "env", { env: { PM_ARB_CLOB_WS_URL: "https://x" } }],
    ["paper_trading", "file", { file: { paper_trading: "maybe" } }],
    ["alert_min_priority", "env", { env: { PM_ARB_ALERT_MIN_PRIORITY: "3" } }],
    ["alert_min_priority", "env", { env: { PM_ARB_ALERT_MIN_PRIORITY: "constructor" } }],
    ["request_timeout_ms", "env", { env: { PM_ARB_REQUEST_TIMEOUT_MS: "0" } }],
    ["sandbox_url", "env PM_ARB_SANDBOX_URL", { env: { PM_ARB_SANDBOX_URL: "127.0.0.1:8787" } }],
    // Limits that contradict each other.
    ["max_trade_size", "env", { env: { PM_ARB_MAX_TRADE_SIZE: "60" } }],
    ["max_total_exposure", "file", { file: { max_total_exposure: "500" } }],
    ["daily_loss_limit", "flag --daily-loss-limit", { overrides: { daily_loss_limit: "201" } }],
  ] as const)("%s from %s", (key, origin, options) => {
    const error = thrown(ConfigError, () => load(options as never));
    expect(error.key).toBe(key);
    expect(error.exitCode).toBe(2);
    // What the value must be, in the schema's words (never zod's generic "Invalid input").
    expect(error.message).toMatch(new RegExp(`^config ${key}: (must|unknown provider|PAPER_TRADING must)`));
    expect(error.message).toContain(origin);
    expect(error.message.split("\n")).toHaveLength(1);
  });

  test("a malformed secret is reported without echoing it", () => {
    const secret = "https://hooks.example/xyz-secret-VALUE";
    const error = thrown(ConfigError, () => load({ env: { PM_ARB_WEBHOOK_URL: secret.replace("https://", "htp:/") } }));
    expect(error.key).toBe("webhook_url");
    expect(error.message).not.toContain("secret-VALUE");
  });

  test("a value that looks like a key is quoted only by a short, masked prefix", () => {
    const key = `0x${"3f9a0c5be1d2478a".repeat(4)}`;
    const base64 = "Zk9xR2tYbV8tYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnc=";
    const errors = [
      thrown(ConfigError, () => load({ env: { PM_ARB_FUNDER: key } })),
      thrown(ConfigError, () => load({ env: { PAPER_TRADING: base64 } })),
      thrown(ConfigError, () => load({ file: { providers: ["binance", key] } })),
      thrown(ConfigError, () => load({ file: `{"bankroll": "200", "funder": ${key.slice(2)}}` })),
      thrown(ConfigError, () => loadCredentials({ POLYMARKET_PRIVATE_KEY: `0x${"1".repeat(64)}`, POLYMARKET_SIGNATURE_TYPE: base64 })),
    ];
    for (const error of errors) {
      const message = error.message.toLowerCase();
      for (const secret of [key.slice(2), base64]) for (let i = 0; i + 6 <= secret.length; i++) expect(message).not.toContain(secret.slice(i, i + 6).toLowerCase());
      expect(error.message).toMatch(/(0x3f|Zk9x|3f9a)…/);
    }
    // An ordinary bad value is still quoted in full.
    expect(thrown(ConfigError, () => load({ env: { PM_ARB_CHAIN_ID: "42" } })).message).toContain('got "42"');
  });

  test("an unknown override key is a programming error, reported as a ConfigError", () => {
    expect(thrown(ConfigError, () => load({ overrides: { nope: 1 } as never })).key).toBe("nope");
  });
});

describe("laziness", () => {
  test("importing the loader reads nothing: a broken config file in the cwd does not matter", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "pm-arb.config.json"), "{ broken");
    const loader = join(import.meta.dir, "..", "..", "..", "core", "config", "load.ts");
    const proc = Bun.spawn([process.execPath, "-e", `await import(${JSON.stringify(loader)}); console.log("imported")`], {
      cwd,
      env: { ...process.env, PM_ARB_BOGUS_KEY: "1" },
      stdout: "pipe",
      stderr: "pipe",
    });
    const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    expect(code).toBe(0);
    expect(out.trim()).toBe("imported");
  });
});
