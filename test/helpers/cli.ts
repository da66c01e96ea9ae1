/** Spawns the real CLI the way a user's shell would, and captures what it prints. */
import { join } from "node:path";

export const CLI_ENTRY = join(import.meta.dir, "..", "..", "commands", "index.ts");

export type CliResult = { code: number; stdout: string; stderr: string; lines: Record<string, unknown>[] };

export async function runCli(args: string[], options: { stdin?: string; env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<CliResult> {
  const proc = Bun.spawn([process.execPath, CLI_ENTRY, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: "1", TZ: "UTC", ...options.env } as Record<string, string>,
    stdin: options.stdin === undefined ? "ignore" : new TextEncoder().encode(options.stdin),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  const lines = stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, stdout, stderr, lines };
}
