/**
 * `pm-arb sandbox`: runs the local venue (every service pm-arb talks to, on one port; with
 * `--ports separate` also each service on its own port) until SIGINT/SIGTERM. Prints one `sandbox`
 * record on stdout, and on stderr the `export PM_ARB_SANDBOX_URL=…` line and each service's URL.
 * A port that cannot be bound exits 1 at once.
 */
import { defineCommand } from "citty";
import { RuntimeFailure, UsageError } from "../core/cli/errors.ts";
import { commonArgs, decimalFlag, MAX_AMOUNT } from "../core/cli/flags.ts";
import { log } from "../core/cli/log.ts";
import { chooseFormat, Output, stamp } from "../core/cli/output.ts";
import type { SandboxRecord } from "../core/records/sandbox.ts";
import { parseFaultSpec } from "../sandbox/faults.ts";
import { type SandboxOptions, startVenue } from "../sandbox/index.ts";
import { loadScenario, runScenario, type Scenario } from "../sandbox/scenario.ts";

function integerFlag(flag: string, text: string | undefined, min: number, max: number): number {
  const value = decimalFlag(flag, text, { min, max }, `an integer from ${min} to ${max}`);
  if (!value.isInteger()) throw new UsageError(`--${flag} must be an integer from ${min} to ${max}; got ${text}`);
  return value.toNumber();
}

/** `--at`: ISO-8601 time or epoch milliseconds. */
function timeFlag(text: string | undefined): number {
  if (text === undefined) return Date.now();
  const trimmed = text.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) : /^\d{4}-\d{2}-\d{2}/.test(trimmed) ? Date.parse(trimmed) : NaN;
  if (!Number.isFinite(ms)) throw new UsageError(`--at must be an ISO-8601 time (2026-11-25T12:00:00Z) or epoch milliseconds; got ${JSON.stringify(text)}`);
  return ms;
}

/** Every value of a repeatable flag (citty keeps only the last). */
function repeated(rawArgs: string[], flag: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const token = rawArgs[i]!;
    if (token === `--${flag}` && rawArgs[i + 1] !== undefined) values.push(rawArgs[++i]!);
    else if (token.startsWith(`--${flag}=`)) values.push(token.slice(flag.length + 3));
  }
  return values;
}

function portsFlag(text: string | undefined): SandboxOptions["ports"] {
  if (text === undefined || text === "shared" || text === "separate") return text ?? "shared";
  throw new UsageError(`--ports must be shared or separate; got ${JSON.stringify(text)}`);
}

type SandboxArgs = Record<string, string | boolean | undefined>;

function toOptions(args: SandboxArgs, rawArgs: string[]): Partial<SandboxOptions> {
  const str = (name: string) => (typeof args[name] === "string" ? (args[name] as string) : undefined);
  const options: Partial<SandboxOptions> = {
    port: integerFlag("port", str("port") ?? "8787", 0, 65535),
    startAt: timeFlag(str("at")),
    faults: repeated(rawArgs, "fault"),
    ports: portsFlag(str("ports")),
  };
  if (str("seed") !== undefined) options.seed = integerFlag("seed", str("seed"), 0, 4_294_967_295);
  if (str("lag-ms") !== undefined) options.lagMs = integerFlag("lag-ms", str("lag-ms"), 0, 3_600_000);
  if (str("speed") !== undefined) options.speed = decimalFlag("speed", str("speed"), { min: 0, max: 1_000_000 }, "a number ≥ 0 (1 = real time, 0 = frozen)").toNumber();
  if (str("balance") !== undefined) options.balance = decimalFlag("balance", str("balance"), { min: 0, max: MAX_AMOUNT }, `an amount of pUSD from 0 to ${MAX_AMOUNT}`).toString();
  if (str("volatility") !== undefined) options.volatility = decimalFlag("volatility", str("volatility"), { min: 0, max: 20 }, "an annualised volatility such as 0.6").toNumber();
  for (const spec of options.faults!) {
    try {
      parseFaultSpec(spec);
    } catch (error) {
      throw new UsageError(`--fault: ${(error as Error).message}`);
    }
  }
  return options;
}

async function scenarioFlag(path: string | undefined): Promise<Scenario | undefined> {
  if (path === undefined) return undefined;
  try {
    return await loadScenario(path);
  } catch (error) {
    throw new UsageError(`--scenario: ${(error as Error).message}`);
  }
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(signal);
    };
    const onInt = () => done("SIGINT");
    const onTerm = () => done("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
  });
}

export default defineCommand({
  meta: { name: "sandbox", description: "Run the local sandbox venue (all services, seeded simulation) until interrupted" },
  args: {
    ...commonArgs,
    port: { type: "string", description: "Port on 127.0.0.1 (0 picks a free one)", default: "8787", valueHint: "port" },
    ports: {
      type: "string",
      description: "shared: every service under /<service> on --port; separate: also each at the root of its own port (--port + 1, + 2, …)",
      default: "shared",
      valueHint: "shared|separate",
    },
    seed: { type: "string", description: "Simulation seed: same seed, same prices and books (default 1)", valueHint: "n" },
    "lag-ms": { type: "string", description: "How far (ms) the market makers' view of spot lags the truth (default 3000)", valueHint: "ms" },
    speed: { type: "string", description: "Simulated-time speed: 1 real time, 60 a minute per second, 0 frozen (default 1)", valueHint: "x" },
    at: { type: "string", description: "Simulated start time, ISO-8601 or epoch ms (default now)", valueHint: "time" },
    balance: { type: "string", description: "pUSD each new API key's wallet starts with (default 1000)", valueHint: "n" },
    volatility: { type: "string", description: "Annualised volatility of the spot price process (default 0.6)", valueHint: "x" },
    fault: { type: "string", description: "Fault spec service:kind[:k=v,…], e.g. binance:451 (repeatable; default: none)", valueHint: "spec", repeatable: true },
    scenario: { type: "string", description: "JSON file of faults scripted on simulated time (default: none)", valueHint: "file" },
  },
  async run({ args, rawArgs }) {
    const options = toOptions(args as SandboxArgs, rawArgs);
    const scenario = await scenarioFlag(typeof args.scenario === "string" ? args.scenario : undefined);
    let handle: Awaited<ReturnType<typeof startVenue>>;
    try {
      handle = await startVenue(options);
    } catch (error) {
      throw new RuntimeFailure(`sandbox could not listen on 127.0.0.1:${options.port}: ${(error as Error).message}`);
    }
    // Signals are caught only once the venue runs: before that, the default handlers stop at once.
    const stopping = untilSignal();
    if (scenario) runScenario(handle.app, scenario);
    const env = `PM_ARB_SANDBOX_URL=${handle.url}`;
    const output = new Output(chooseFormat(args), true);
    const fields: Omit<SandboxRecord, "type" | "v" | "ts"> = { url: handle.url, port: handle.port, seed: handle.app.options.seed, env };
    output.emit(stamp("sandbox", fields));
    log().info(`sandbox listening on ${handle.url} (seed ${handle.app.options.seed}, speed ${handle.app.options.speed}); point pm-arb at it with:\n  export ${env}`);
    log().info(
      `services:\n${Object.entries(handle.services)
        .map(([service, url]) => `  ${service.padEnd(12)} ${url}`)
        .join("\n")}`,
    );
    const signal = await stopping;
    await handle.stop();
    log().info(`sandbox stopped (${signal})`);
  },
});
