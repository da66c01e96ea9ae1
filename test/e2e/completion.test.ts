/**
 * `pm-arb completion bash|zsh|fish`, generated from the command table and each command's args. The
 * bash script is sourced in a real bash and asked what a TAB would offer.
 */
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expectUsageError, runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";

/** What bash completes for `words` (the last one being completed), with the generated script sourced. */
async function bashCompletes(script: string, words: string[]): Promise<string[]> {
  const file = join(tempDir(), "pm-arb.bash");
  writeFileSync(file, script);
  const quoted = words.map((word) => `'${word}'`).join(" ");
  const program = `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; COMP_LINE='${words.join(" ")}'; _pm_arb; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const proc = Bun.spawnSync(["bash", "--norc", "--noprofile", "-c", program], { stdout: "pipe", stderr: "pipe" });
  expect(proc.stderr.toString()).toBe("");
  return proc.stdout.toString().split("\n").filter(Boolean);
}

describe("pm-arb completion", () => {
  test("bash: sourced in bash, it completes commands, flags and a flag's fixed values", async () => {
    const { code, stdout } = await runCli(["completion", "bash"]);
    expect(code).toBe(0);
    expect(await bashCompletes(stdout, ["pm-arb", "ru"])).toEqual(["run"]);
    expect(await bashCompletes(stdout, ["pm-arb", "run", "--sa"])).toEqual(["--sandbox"]);
    expect((await bashCompletes(stdout, ["pm-arb", "run", "--d"])).sort()).toEqual(["--daily-loss-limit", "--db", "--depth", "--discover-every", "--duration"]);
    expect(await bashCompletes(stdout, ["pm-arb", "fees", "--schedule", ""])).toEqual(["crypto", "legacy-15m", "none"]);
    expect(await bashCompletes(stdout, ["pm-arb", "trade", "a"])).toEqual(["auth"]);
    expect(await bashCompletes(stdout, ["pm-arb", "completion", "z"])).toEqual(["zsh"]);
  });

  test("zsh and fish: every command, and each command's flags with their values", async () => {
    const zsh = (await runCli(["completion", "zsh"])).stdout;
    const fish = (await runCli(["completion", "fish"])).stdout;
    expect(zsh).toStartWith("#compdef pm-arb\n");
    for (const command of ["fees", "run", "stop", "sandbox"]) {
      expect(zsh).toContain(`'${command}:`);
      expect(fish).toContain(`-n __fish_use_subcommand -a ${command} `);
    }
    expect(zsh).toContain("'--schedule=[");
    expect(zsh).toContain(":schedule:(crypto legacy-15m none)'");
    expect(fish).toContain("-n '__fish_seen_subcommand_from run' -l sandbox -d ");
    expect(fish).toContain("-n '__fish_seen_subcommand_from fees' -l schedule -x -a 'crypto legacy-15m none'");
    for (const [shell, script] of Object.entries({ zsh, fish })) {
      if (!Bun.which(shell)) continue;
      const file = join(tempDir(), `pm-arb.${shell}`);
      writeFileSync(file, script);
      expect(Bun.spawnSync([shell, "-n", file]).exitCode).toBe(0);
    }
  });

  test("a shell it does not know, or none, is a usage error", async () => {
    expectUsageError(await runCli(["completion", "powershell"]), 'pm-arb: error: pm-arb completion takes one shell: bash, zsh, fish; got "powershell"');
    expectUsageError(await runCli(["completion"]), /^pm-arb: error: pm-arb completion takes one shell: bash, zsh or fish/);
  });
});
