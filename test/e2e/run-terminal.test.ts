/**
 * `run --sandbox` (the demo) as a person sees it: on a terminal (a pseudo-terminal from util-linux's
 * `script`), a live status block and short event lines, never a JSON line or a re-headed table, and
 * the closing words on what was simulated; piped, stdout stays JSON lines and the closing words go
 * to stderr.
 */
import { describe, expect, test } from "bun:test";
import { CLI_ENTRY, runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";

const DEMO = ["run", "--sandbox", "--duration", "5s", "--kinds", "updown", "--vol", "0.6", "--min-edge", "0.1"];
/** No PM_ARB_DB: the session's own store, as `bun run demo` has. */
const env = () => ({ PM_ARB_DB: "", XDG_DATA_HOME: tempDir() });
const hasScript = Bun.which("script") !== null;
const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

function expectClosingWords(text: string): void {
  expect(text).toContain("What just ran was a simulation, not trading:");
  expect(text).toMatch(/venue {3}pm-arb's built-in sandbox \(seed 1, 20x time\)\. Its market makers quote spot as it was 3 s ago/);
  expect(text).toContain("fills   paper: each order met the sandbox's own book 150 ms (venue time) after the decision");
  expect(text).toContain("Sandbox profits say nothing about the real venue");
  expect(text).toContain("pm-arb calibrate");
}

describe("the demo", () => {
  test.skipIf(!hasScript)(
    "on a terminal: a status block redrawn in place, no JSON and no table headers, then what was simulated",
    async () => {
      const command = [process.execPath, CLI_ENTRY, ...DEMO].map(quote).join(" ");
      const { code, stdout: screen } = await runCli([], { env: env(), entry: ["script", "-qec", command, "/dev/null"] });
      expect(code).toBe(0);
      const text = screen.replaceAll("\r", "");
      expect(text).not.toContain('{"type":');
      expect(text).not.toMatch(/^type {2}/m);
      expect(text).toMatch(/── pm-arb paper · \d\d:\d\d:\d\d venue time \(20x\) · up \d+:\d\d:\d\d/);
      expect(text).toMatch(/ {3}feeds: .* markets watched/);
      expect(text).toMatch(/ {3}\d+ opportunities · \d+ orders \(\d+ fills\) · \d+ settled · P&L /);
      // Redrawn in place: the block is erased (cursor up, erase down) before it is drawn again.
      expect(text).toContain("\x1b[3A\x1b[J");
      expectClosingWords(text);
    },
    60_000,
  );

  test("piped: stdout is JSON lines as before; the closing words are on stderr", async () => {
    const result = await runCli(DEMO, { env: env() });
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n").filter((line) => line !== "");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ type: expect.any(String), v: 1 });
    expectClosingWords(result.stderr);
  }, 60_000);
});
