import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_KEYS } from "../../core/config/schema.ts";
import { expectUsageError, runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";

/** A fresh cwd: no pm-arb.config.json and no .env unless a test writes one. */
const cwd = tempDir;

describe("pm-arb config", () => {
  test("prints one config record with every key and its source", async () => {
    const result = await runCli(["config", "--json"], { cwd: cwd() });
    expect([result.code, result.stderr, result.lines.length]).toEqual([0, "", 1]);
    const record = result.lines[0]!;
    expect(new Date(String(record.ts)).toISOString()).toBe(record.ts as string);
    for (const key of CONFIG_KEYS) expect(key in record).toBe(true);
    // The test preload sets PAPER_TRADING=true and PM_ARB_DB.
    expect(record).toMatchObject({
      type: "config",
      v: 1,
      max_trade_size: "20",
      max_drawdown: "0.2",
      chain_id: 137,
      config_file: null,
      paper_trading: true,
      db: process.env.PM_ARB_DB!,
      sources: { max_trade_size: "default", paper_trading: "env", db: "env" },
    });
  });

  test("--config FILE is honoured; env beats the file", async () => {
    const dir = cwd();
    writeFileSync(join(dir, "custom.json"), JSON.stringify({ bankroll: "500", max_total_exposure: "300", min_edge: "0.03" }));
    const result = await runCli(["config", "--config", "custom.json"], { cwd: dir, env: { PM_ARB_MIN_EDGE: "0.04" } });
    expect(result.code).toBe(0);
    expect(result.lines[0]).toMatchObject({
      bankroll: "500",
      min_edge: "0.04",
      config_file: join(dir, "custom.json"),
      sources: { bankroll: "file", max_total_exposure: "file", min_edge: "env" },
    });
  });

  test("./pm-arb.config.json in the cwd is picked up", async () => {
    const dir = cwd();
    writeFileSync(join(dir, "pm-arb.config.json"), JSON.stringify({ providers: ["kraken"] }));
    const record = (await runCli(["config"], { cwd: dir })).lines[0]!;
    expect(record.providers).toEqual(["kraken"]);
  });

  test("PM_ARB_SANDBOX_URL points the services at the sandbox", async () => {
    const record = (await runCli(["config"], { cwd: cwd(), env: { PM_ARB_SANDBOX_URL: "http://127.0.0.1:8787" } })).lines[0];
    expect(record).toMatchObject({ gamma_url: "http://127.0.0.1:8787/gamma", clob_ws_url: "ws://127.0.0.1:8787/clob-ws" });
  });

  test("secrets never reach stdout or stderr", async () => {
    const secrets = {
      PM_ARB_PUSHOVER_TOKEN: `tok${crypto.randomUUID().replace(/-/g, "")}`,
      PM_ARB_PUSHOVER_USER: `usr${crypto.randomUUID().replace(/-/g, "")}`,
      PM_ARB_COINGECKO_API_KEY: `CG-${crypto.randomUUID()}`,
      PM_ARB_WEBHOOK_URL: `https://hooks.example.com/services/${crypto.randomUUID()}?key=${crypto.randomUUID()}`,
    };
    const result = await runCli(["config"], { cwd: cwd(), env: secrets });
    expect(result.code).toBe(0);
    const record = result.lines[0]!;
    expect(record.pushover_token).toBe("***");
    expect(record.webhook_url).toBe("https://hooks.example.com/services/***?key=***");
    for (const value of Object.values(secrets)) {
      expect(result.stdout).not.toContain(value.slice(-20));
      expect(result.stderr).not.toContain(value);
    }
  });

  test.each([
    ["an invalid env value", [] as string[], { PM_ARB_MAX_TRADE_SIZE: "twenty" }, null, /^pm-arb: error: config .*max_trade_size/],
    ["an unknown env key", [], { PM_ARB_MAX_TRADE: "5" }, null, /^pm-arb: error: config .*max_trade/],
    ["an unknown file key", [], {}, { max_trade_sise: 5 }, /^pm-arb: error: config .*max_trade_sise/],
    ["an invalid file value", [], {}, { max_drawdown: "2" }, /^pm-arb: error: config .*max_drawdown/],
    ["a missing --config file", ["--config", "missing.json"], {}, null, /^pm-arb: error: config .*missing\.json/],
  ] as const)("%s: exit 2, one line naming the key, nothing on stdout", async (_, args, env, file, message) => {
    const dir = cwd();
    if (file) writeFileSync(join(dir, "pm-arb.config.json"), JSON.stringify(file));
    expectUsageError(await runCli(["config", ...args], { cwd: dir, env }), message);
  });

  test("--table prints a readable table instead of JSON", async () => {
    const { code, stdout } = await runCli(["config", "--table"], { cwd: cwd() });
    expect(code).toBe(0);
    expect(stdout).toContain("max_trade_size");
    expect(stdout.trimStart().startsWith("{")).toBe(false);
  });
});
