/**
 * The entry point's logic: a static table of lazily loaded commands, strict flag checking, help on
 * stdout only when asked for, usage errors on stderr, and exit codes through `process.exitCode`
 * so buffered output drains. citty parses and runs each command (`runCommand`), after the strict
 * layer (strict-args.ts) has refused what citty would misread. citty's runMain is not used: it
 * prints usage on stdout on an error (garbage for the next command in a pipe) and exits 1 for a
 * usage error.
 */

import { isatty } from "node:tty";
import { stripVTControlCharacters } from "node:util";
import { renderUsage, runCommand } from "citty";
import { closest } from "../suggest.ts";
import { type AnyCommand, type CommandTable, resolveArgs, resolveValue } from "./command-table.ts";
import { PmArbError, UsageError } from "./errors.ts";
import { isVerbose, log, setVerbosity } from "./log.ts";
import { assertStrictArgs } from "./strict-args.ts";

const VERSION = "0.1.0";

function renderTopHelp(table: CommandTable): string {
  const width = Math.max(...Object.keys(table).map((name) => name.length));
  const lines = Object.entries(table).map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.description}`);
  return [
    `pm-arb ${VERSION}: find and trade oracle-lag mispricings on Polymarket's short-term crypto markets`,
    "",
    "Usage: pm-arb <command> [flags]    (pm-arb <command> --help for its flags)",
    "",
    "Commands:",
    ...lines,
    `  ${"completion".padEnd(width)}  A shell completion script: pm-arb completion bash|zsh|fish (source <(pm-arb completion bash))`,
    "",
    "Records go to stdout as JSON lines; logs go to stderr. Paper trading unless --live is given.",
  ].join("\n");
}

/** Before the flags are checked, so that a usage error is reported at the asked verbosity too. */
function applyVerbosity(rawArgs: string[]): void {
  const given = (long: string, short: string) => rawArgs.some((arg) => arg === `--${long}` || arg === `--${long}=true` || arg === `-${short}`);
  if (given("verbose", "v")) setVerbosity("verbose");
  else if (given("quiet", "q")) setVerbosity("quiet");
}

/** Finds the (sub)command the arguments name and runs it; returns the exit status. */
export async function runCli(table: CommandTable, argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(renderTopHelp(table));
    return 0;
  }
  if (name === "--version") {
    console.log(VERSION);
    return 0;
  }
  if (name === "completion") return printCompletion(rest, table);
  applyVerbosity(rest);
  try {
    const entry = table[name];
    if (!entry) {
      const suggestion = closest(name, Object.keys(table));
      throw new UsageError(`unknown command "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ""} (pm-arb --help lists them)`);
    }
    let command = (await entry.load()).default;
    let args = rest;
    let parent: AnyCommand | undefined;
    const subCommands = command.subCommands ? await resolveValue(command.subCommands) : undefined;
    if (subCommands && args[0] && !args[0].startsWith("-")) {
      const sub = subCommands[args[0]];
      if (sub) {
        parent = command;
        command = await resolveValue(sub);
        args = args.slice(1);
      }
    }
    if (args.includes("--help") || args.includes("-h")) {
      const usage = `${await renderUsage(command, parent)}\n\nExamples:\n${entry.examples.map((example) => `  ${example}`).join("\n")}\n`;
      // citty colours its usage unless NO_COLOR=1 or CI; plain text when piped or NO_COLOR is set at all.
      console.log(process.env.NO_COLOR || !isatty(1) ? stripVTControlCharacters(usage) : usage);
      return 0;
    }
    assertStrictArgs(args, await resolveArgs(command));
    await runCommand(command, { rawArgs: args });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    return reportFailure(error);
  }
}

/** One plain line on stderr (`pm-arb: error: …`); a stack trace only with --verbose. */
function reportFailure(error: unknown): number {
  // citty's own argument errors (missing required flag, bad enum) are usage errors.
  const isCittyUsage = error instanceof Error && error.name === "CLIError";
  const code = error instanceof PmArbError ? error.exitCode : isCittyUsage ? 2 : 1;
  const message = error instanceof Error ? error.message : String(error);
  const prefix = error instanceof PmArbError || isCittyUsage ? "" : "unexpected failure: ";
  process.stderr.write(`pm-arb: error: ${prefix}${message.split("\n")[0]}\n`);
  if (isVerbose() && error instanceof Error && error.stack) log().debug(error.stack);
  return code;
}

/** `pm-arb completion SHELL`: the script on stdout (its module loaded only then). */
async function printCompletion(args: string[], table: CommandTable): Promise<number> {
  try {
    if (args.length !== 1) throw new UsageError("pm-arb completion takes one shell: bash, zsh or fish (e.g. source <(pm-arb completion bash))");
    const { completionScript } = await import("./completion.ts");
    process.stdout.write(await completionScript(args[0], table));
    return 0;
  } catch (error) {
    return reportFailure(error);
  }
}
