/**
 * log() writes every level to stderr as consola's basic reporter lines; stdout stays free for the
 * JSON lines a downstream command reads.
 */
import { expect, test } from "bun:test";
import { join } from "node:path";

const LOG = join(import.meta.dir, "..", "..", "..", "core", "cli", "log.ts");

async function run(verbosity: string): Promise<{ stdout: string; stderr: string }> {
  const script = [
    `const { log, setVerbosity } = await import(${JSON.stringify(LOG)});`,
    `setVerbosity(${JSON.stringify(verbosity)});`,
    `for (const type of ["error", "warn", "info", "log", "success", "debug"]) log()[type](type + " line");`,
  ].join("\n");
  const proc = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe", stderr: "pipe", env: { ...process.env, NO_COLOR: "1" } });
  const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr };
}

test("every level goes to stderr as `[type] message`, nothing to stdout", async () => {
  const { stdout, stderr } = await run("verbose");
  expect(stdout).toBe("");
  expect(stderr).toBe(["[error] error line", "[warn] warn line", "[info] info line", "[log] log line", "[success] success line", "[debug] debug line", ""].join("\n"));
});

test("normal hides debug; quiet keeps only errors and warnings", async () => {
  expect((await run("normal")).stderr).not.toContain("[debug]");
  expect((await run("normal")).stderr).toContain("[info] info line");
  expect(await run("quiet")).toEqual({ stdout: "", stderr: "[error] error line\n[warn] warn line\n" });
});
