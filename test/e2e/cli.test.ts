import { describe, expect, test } from "bun:test";
import { CLI_ENTRY, runCli } from "../helpers/cli.ts";

describe("pm-arb entry point", () => {
  test("--help lists the commands on stdout and exits 0", async () => {
    const proc = Bun.spawnSync([process.execPath, CLI_ENTRY, "--help"], { env: { ...process.env, NO_COLOR: "1" } });
    expect(proc.exitCode).toBe(0);
    const text = proc.stdout.toString();
    expect(text).toContain("Commands:");
    expect(text).toContain("fees");
  });

  test("an unknown command exits 2 with one line on stderr and nothing on stdout", async () => {
    const result = await runCli(["fes"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toEqual(['pm-arb: error: unknown command "fes"; did you mean "fees"? (pm-arb --help lists them)']);
  });

  test("a mistyped flag never runs the command", async () => {
    const result = await runCli(["fees", "--price", "0.5", "--szie", "10"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("unknown flag --szie; did you mean --size?");
  });

  test("command --help goes to stdout without colour codes when piped", () => {
    const proc = Bun.spawnSync([process.execPath, CLI_ENTRY, "fees", "--help"], { env: { ...process.env } });
    expect(proc.exitCode).toBe(0);
    expect(proc.stdout.toString()).toContain("--price");
    expect(proc.stdout.toString()).not.toContain("\x1b[");
    expect(proc.stderr.toString()).toBe("");
  });

  test("a closed pipe downstream (| head -1) ends quietly with status 0", () => {
    const proc = Bun.spawnSync(
      ["bash", "-c", `yes '{"price":"0.5","size":"10"}' | head -20000 | "${process.execPath}" "${CLI_ENTRY}" fees --json | head -1; echo "status=\${PIPESTATUS[2]}" >&2`],
      { env: { ...process.env } },
    );
    const stdout = proc.stdout.toString().trim().split("\n");
    expect(stdout).toHaveLength(1);
    expect(JSON.parse(stdout[0]!).type).toBe("fee");
    expect(proc.stderr.toString()).toContain("status=0");
    expect(proc.stderr.toString()).not.toContain("EPIPE");
  });
});
