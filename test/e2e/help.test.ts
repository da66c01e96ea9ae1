/**
 * Every command's --help, as a person reads it: its flags with their defaults, and two or three
 * examples that use only flags the command has.
 */
import { describe, expect, test } from "bun:test";
import { commands } from "../../commands/index.ts";
import { runCli } from "../helpers/cli.ts";

/** Flags that are inputs with no default (a value a person must give), per command. */
const NO_DEFAULT: Record<string, readonly string[]> = {
  fees: ["price", "rate", "token", "market", "fair", "edge"],
  risk: ["kill"],
  calibrate: ["markets", "prices-history", "candles"],
  report: ["calibration"],
};

type ArgDef = { type?: string; default?: unknown; alias?: string | string[] };

async function argsOf(name: string): Promise<{ label: string; argv: string[]; args: Record<string, ArgDef> }[]> {
  const command = (await commands[name]!.load()).default;
  const own = { label: name, argv: [name], args: (command.args ?? {}) as Record<string, ArgDef> };
  const subs = Object.entries((command.subCommands ?? {}) as Record<string, { args?: Record<string, ArgDef> }>).map(([sub, def]) => ({
    label: `${name} ${sub}`,
    argv: [name, sub],
    args: def.args ?? {},
  }));
  return [own, ...subs];
}

describe("--help of every command", () => {
  for (const [name, entry] of Object.entries(commands)) {
    test(`${name}: an Examples part with two or three examples using its own flags`, async () => {
      const { code, stdout } = await runCli([name, "--help"]);
      expect(code).toBe(0);
      const examples = stdout.split("\nExamples:\n")[1]?.trimEnd().split("\n") ?? [];
      expect(examples.length).toBeGreaterThanOrEqual(2);
      expect(examples.length).toBeLessThanOrEqual(3);
      expect(examples).toEqual(entry.examples.map((example) => `  ${example}`));
      const args = (await argsOf(name))[0]!.args;
      for (const example of entry.examples) {
        // The flags given to this command (not to another command it is piped from or to).
        const own = example.split("|").find((part) => part.trim().startsWith(`pm-arb ${name}`)) ?? "";
        for (const flag of own.match(/ --[a-z-]+/g) ?? []) expect(Object.keys(args)).toContain(flag.trim().slice(2));
      }
    });

    test(`${name}: every flag that has a default shows it`, async () => {
      for (const { label, argv, args } of await argsOf(name)) {
        const { stdout } = await runCli([...argv, "--help"]);
        const lines = stdout.split("\n");
        for (const [flag, def] of Object.entries(args)) {
          if (def.type !== "string" || NO_DEFAULT[name]?.includes(flag)) continue;
          // The flag's own row: "  -x, --flag=<hint>    description".
          const line = lines.find((text) => new RegExp(`^\\s*(-\\w, )?--${flag}(=<[^>]*>)?\\s{2}`).test(text));
          expect(`${label} --${flag}: ${line}`).toMatch(def.default !== undefined ? new RegExp(`\\(Default: ${def.default}\\)`) : /default/i);
        }
      }
    });
  }
});
