/**
 * Logging to stderr only: consola's basic reporter (`[type] message`, one line per event) with both
 * of its streams set to stderr. By default consola writes info, log and success to stdout, which
 * carries the JSON lines a downstream command reads.
 */
import { isatty } from "node:tty";
import { type ConsolaInstance, createConsola } from "consola/basic";

export type Verbosity = "quiet" | "normal" | "verbose";

let verbosity: Verbosity = "normal";
let instance: ConsolaInstance | undefined;

const LEVELS: Record<Verbosity, number> = { quiet: 1, normal: 3, verbose: 5 };

export function setVerbosity(next: Verbosity): void {
  verbosity = next;
  if (instance) instance.level = LEVELS[next];
}

export function isVerbose(): boolean {
  return verbosity === "verbose";
}

/** The shared stderr logger, created on first use at the current verbosity. */
export function log(): ConsolaInstance {
  instance ??= createConsola({
    level: LEVELS[verbosity],
    stdout: process.stderr,
    stderr: process.stderr,
    formatOptions: { colors: isatty(2) && !process.env.NO_COLOR, date: false },
  });
  return instance;
}
