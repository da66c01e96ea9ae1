/** Spawns the real CLI the way a user's shell would, and captures what it prints. */
import { expect } from "bun:test";
import { join } from "node:path";

export const CLI_ENTRY = join(import.meta.dir, "..", "..", "commands", "index.ts");

/** stdout's `lines` are its JSON lines, parsed when read (help and tables are text). */
export type CliResult = { code: number; stdout: string; stderr: string; lines: Record<string, unknown>[] };

type CliOptions = { env?: Record<string, string | undefined>; cwd?: string /** The executable to run instead of the sources, e.g. the compiled binary. */; entry?: string[] };

/** The CLI as a running process, stdout and stderr piped. */
export function spawnPmArb<In extends "pipe" | "ignore" | Uint8Array = "ignore">(args: string[], options: CliOptions & { stdin?: In } = {}) {
  return Bun.spawn([...(options.entry ?? [process.execPath, CLI_ENTRY]), ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: "1", TZ: "UTC", ...options.env } as Record<string, string>,
    stdin: (options.stdin ?? "ignore") as In,
    stdout: "pipe",
    stderr: "pipe",
  });
}

export async function runCli(args: string[], options: CliOptions & { stdin?: string } = {}): Promise<CliResult> {
  const proc = spawnPmArb(args, { ...options, stdin: options.stdin === undefined ? "ignore" : new TextEncoder().encode(options.stdin) });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return {
    code,
    stdout,
    stderr,
    get lines() {
      return jsonLines(stdout);
    },
  };
}

/** Records as the JSON lines a pipe hands on. */
export const piped = (records: readonly object[]): string => `${records.map((record) => JSON.stringify(record)).join("\n")}\n`;

export function jsonLines(stdout: string): Record<string, any>[] {
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

/** A usage error: exit 2, nothing on stdout, one error line on stderr: `message` when a string, matching it when a pattern. */
export function expectUsageError(result: Pick<CliResult, "code" | "stdout" | "stderr">, message?: string | RegExp): void {
  expect([result.code, result.stdout]).toEqual([2, ""]);
  expect(result.stderr).toMatch(/^pm-arb: error: [^\n]*\n$/);
  if (typeof message === "string") expect(result.stderr).toBe(`${message}\n`);
  else if (message) expect(result.stderr).toMatch(message);
}

/** The modules `command` loads, run through the CLI's own runner with a table holding that command alone. */
export async function loadedModules(command: string, args: string[], options: Omit<CliOptions, "entry"> & { stdin?: string } = {}) {
  const root = join(import.meta.dir, "..", "..");
  const script = [
    `const { runCli } = await import(${JSON.stringify(join(root, "core", "cli", "main.ts"))});`,
    `const table = { ${command}: { description: "", load: () => import(${JSON.stringify(join(root, "commands", `${command}.ts`))}) } };`,
    `process.exitCode = await runCli(table, ${JSON.stringify([command, ...args])});`,
    `console.error("MODULES" + JSON.stringify(Object.keys(require.cache)));`,
  ].join("\n");
  const result = await runCli([], { ...options, entry: [process.execPath, "-e", script] });
  const line = result.stderr.split("\n").find((text) => text.startsWith("MODULES"));
  if (!line) throw new Error(`no module list; stderr: ${result.stderr}`);
  return { stdout: result.stdout, modules: JSON.parse(line.slice("MODULES".length)) as string[] };
}
