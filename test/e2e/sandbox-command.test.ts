import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { sandboxRecordSchema } from "../../core/records/sandbox.ts";
import { expectUsageError, runCli, spawnPmArb } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";

const spawnSandbox = (args: string[]) => spawnPmArb(["sandbox", ...args]);

/** Reads stdout up to its first newline, leaving the process running; `rest()` reads to the end. */
async function firstLine(stream: ReadableStream<Uint8Array>): Promise<{ line: string; rest: () => Promise<string> }> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  const [line = "", ...others] = text.split("\n");
  const rest = async () => {
    let remaining = others.join("\n");
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) remaining += decoder.decode(chunk.value, { stream: true });
    return remaining;
  };
  return { line, rest };
}

describe("pm-arb sandbox", () => {
  test("--port 0: one sandbox record, a working venue, clean exit 0 on SIGTERM", async () => {
    const scenario = join(tempDir(), "scenario.json");
    writeFileSync(scenario, JSON.stringify({ steps: [{ at_ms: 0, add: ["kraken:503"] }] }));
    const proc = spawnSandbox([
      "--port",
      "0",
      "--seed",
      "9",
      "--speed",
      "0",
      "--at",
      "2026-11-25T12:00:00Z",
      "--fault",
      "binance:451",
      "--fault",
      "coingecko:429:retry_after=3",
      "--scenario",
      scenario,
    ]);
    const { line, rest } = await firstLine(proc.stdout);
    const record = sandboxRecordSchema.parse(JSON.parse(line));
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

    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
    expect((await rest()).trim()).toBe("");
    const stderr = await new Response(proc.stderr).text();
    expect(stderr).toContain(`export PM_ARB_SANDBOX_URL=${record.url}`);
    await expect(fetch(`${record.url}/coinbase/time`)).rejects.toThrow();
  });

  test("SIGINT stops it too", async () => {
    const proc = spawnSandbox(["--port", "0"]);
    const { line } = await firstLine(proc.stdout);
    expect(JSON.parse(line).type).toBe("sandbox");
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(0);
  });

  test.each([
    [["--port", "70000"], /--port must be an integer/],
    [["--seed", "1.5"], /--seed must be an integer/],
    [["--speed", "-1"], /--speed must be a number ≥ 0/],
    [["--at", "soon"], /--at must be an ISO-8601 time/],
    [["--volatility", "abc"], /--volatility must be/],
    [["--fault", "binance"], /--fault: fault "binance" must look like service:kind/],
    [["--scenario", "/no/such/file.json"], /--scenario: scenario file .* does not exist/],
    [["--prot", "1"], /unknown flag --prot; did you mean --port\?/],
  ])("bad flags %p exit 2 with one line", async (args, message) => {
    expectUsageError(await runCli(["sandbox", ...(args as string[])]), message as RegExp);
  });

  test("an invalid scenario file exits 2 naming the step", async () => {
    const file = join(tempDir(), "bad.json");
    writeFileSync(file, JSON.stringify({ steps: [{ at_ms: "soon" }] }));
    const result = await runCli(["sandbox", "--scenario", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/step 1: at_ms/);
  });
});
