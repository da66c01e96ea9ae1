import { describe, expect, test } from "bun:test";
import { CLI_ENTRY, expectUsageError, runCli } from "../helpers/cli.ts";

describe("pm-arb entry point", () => {
  test("--help lists the commands on stdout and exits 0", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Commands:");
    expect(stdout).toContain("fees");
  });

  test("an unknown command exits 2 with one line on stderr and nothing on stdout", async () => {
    expectUsageError(await runCli(["fes"]), 'pm-arb: error: unknown command "fes"; did you mean "fees"? (pm-arb --help lists them)');
  });

  test("command --help goes to stdout without colour codes when piped", async () => {
    const { code, stdout, stderr } = await runCli(["fees", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--price");
    expect(stdout).not.toContain("\x1b[");
    expect(stderr).toBe("");
  });

  test("a closed pipe downstream (| head -1) ends quietly with status 0", async () => {
    const pipeline = `yes '{"price":"0.5","size":"10"}' | head -20000 | "${process.execPath}" "${CLI_ENTRY}" fees --json | head -1; echo "status=\${PIPESTATUS[2]}" >&2`;
    const { lines, stderr } = await runCli([], { entry: ["bash", "-c", pipeline] });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.type).toBe("fee");
    expect(stderr).toContain("status=0");
    expect(stderr).not.toContain("EPIPE");
  });
});
