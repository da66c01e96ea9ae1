import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { sandboxRecordSchema } from "../../core/records/sandbox.ts";
import { expectUsageError, runCli } from "../helpers/cli.ts";
import { spawnCli } from "../helpers/run-loop.ts";
import { tempDir } from "../helpers/temp.ts";

describe("pm-arb sandbox", () => {
  test("--port 0: one sandbox record, a working venue, clean exit 0 on SIGTERM", async () => {
    const scenario = join(tempDir(), "scenario.json");
    writeFileSync(scenario, JSON.stringify({ steps: [{ at_ms: 0, add: ["kraken:503"] }] }));
    const venue = ["--port", "0", "--seed", "9", "--speed", "0", "--at", "2026-11-25T12:00:00Z"];
    const sandbox = spawnCli(["sandbox", ...venue, "--fault", "binance:451", "--fault", "coingecko:429:retry_after=3", "--scenario", scenario]);
    const record = sandboxRecordSchema.parse(await sandbox.next());
    expect(record).toMatchObject({ type: "sandbox", v: 1, seed: 9 });
    expect(Object.keys(record)).toEqual(["type", "v", "ts", "url", "port", "seed", "env"]);
    expect(record.url).toBe(`http://127.0.0.1:${record.port}`);
    expect(record.port).toBeGreaterThan(0);
    expect(record.env).toBe(`PM_ARB_SANDBOX_URL=${record.url}`);
    expect(new Date(record.ts).toISOString()).toBe(record.ts);

    const time = (await (await fetch(`${record.url}/coinbase/time`)).json()) as { iso: string };
    expect(time.iso).toBe("2026-11-25T12:00:00.000Z");
    const ticker = await fetch(`${record.url}/coinbase/products/BTC-USD/ticker`);
    expect(ticker.status).toBe(200);
    expect(((await ticker.json()) as { price: string }).price).toMatch(/^\d+\.\d{2}$/);
    expect((await fetch(`${record.url}/binance/api/v3/ticker/price?symbol=BTCUSDT`)).status).toBe(451);
    const limited = await fetch(`${record.url}/coingecko/api/v3/simple/price?ids=bitcoin&vs_currencies=usd`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect((await fetch(`${record.url}/kraken/0/public/Time`)).status).toBe(503);

    sandbox.kill("SIGTERM");
    expect(await sandbox.exited).toBe(0);
    // Nothing on stdout but the record.
    expect(sandbox.records).toHaveLength(1);
    expect(sandbox.stderr()).toContain(`export PM_ARB_SANDBOX_URL=${record.url}`);
    await expect(fetch(`${record.url}/coinbase/time`)).rejects.toThrow();
  });

  test("SIGINT stops it too", async () => {
    const sandbox = spawnCli(["sandbox", "--port", "0"]);
    expect((await sandbox.next()).type).toBe("sandbox");
    sandbox.kill("SIGINT");
    expect(await sandbox.exited).toBe(0);
  });

  test.each([
    [["--port", "70000"], /--port must be an integer/],
    [["--seed", "1.5"], /--seed must be an integer/],
    [["--speed", "-1"], /--speed must be a number ≥ 0/],
    [["--at", "soon"], /--at must be an ISO-8601 time/],
    [["--volatility", "abc"], /--volatility must be/],
    [["--fault", "binance"], /--fault: fault "binance" must look like service:kind/],
    [["--fault", "binanse:451"], /--fault: fault "binanse:451": unknown service "binanse" \(did you mean binance\?\)/],
    [["--fault", "binance:4511"], /--fault: fault "binance:4511": unknown kind "4511"/],
    [["--ports", "split"], /--ports must be shared or separate/],
    [["--scenario", "/no/such/file.json"], /--scenario: scenario file .* does not exist/],
    [["--prot", "1"], /unknown flag --prot; did you mean --port\?/],
  ])("bad flags %p exit 2 with one line", async (args, message) => {
    expectUsageError(await runCli(["sandbox", ...(args as string[])]), message as RegExp);
  });

  test("--ports separate: each service at the root of its own port, listed on stderr and by /admin/state", async () => {
    const sandbox = spawnCli(["sandbox", "--port", "0", "--ports", "separate", "--speed", "0", "--at", "2026-11-25T12:00:00Z"]);
    const record = sandboxRecordSchema.parse(await sandbox.next());
    const { services } = (await (await fetch(`${record.url}/admin/state`)).json()) as { services: Record<string, string> };
    expect(Object.keys(services)).toHaveLength(12);
    const time = (await (await fetch(`${services.coinbase}/time`)).json()) as { iso: string };
    expect(time.iso).toBe("2026-11-25T12:00:00.000Z");
    expect((await fetch(`${record.url}/coinbase/time`)).status).toBe(200);
    sandbox.kill("SIGTERM");
    expect(await sandbox.exited).toBe(0);
    for (const [service, url] of Object.entries(services)) expect(sandbox.stderr()).toMatch(new RegExp(`${service} +${url}`));
  });

  test("a busy port exits 1 at once with one line", async () => {
    const first = spawnCli(["sandbox", "--port", "0", "--speed", "0"]);
    const record = sandboxRecordSchema.parse(await first.next());
    try {
      const second = await runCli(["sandbox", "--port", String(record.port)]);
      expect(second.code).toBe(1);
      expect(second.stdout).toBe("");
      expect(second.stderr).toContain(`sandbox could not listen on 127.0.0.1:${record.port}`);
    } finally {
      first.kill("SIGTERM");
      await first.exited;
    }
  });

  test("an invalid scenario file exits 2 naming the step", async () => {
    const file = join(tempDir(), "bad.json");
    writeFileSync(file, JSON.stringify({ steps: [{ at_ms: "soon" }] }));
    const result = await runCli(["sandbox", "--scenario", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/step 1: at_ms/);
  });
});
