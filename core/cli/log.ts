/**
 * Logging to stderr only. consola is created on first use (it costs ~40 ms to import), and both of
 * its streams point at stderr: by default consola writes `info` to stdout, which would corrupt the
 * JSON lines a downstream command reads.
 */
import type { ConsolaInstance } from "consola";

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

/** The shared stderr logger. */
export function log(): ConsolaInstance {
  if (!instance) {
    // Lazy, synchronous load keeps cold commands free of consola.
    const { createConsola } = require("consola") as typeof import("consola");
    const options = {
      level: LEVELS[verbosity],
      // The fancy reporter frames warnings with blank lines; logs stay one line per event.
      fancy: false,
      stdout: process.stderr,
      stderr: process.stderr,
      formatOptions: { colors: Boolean(process.stderr.isTTY) && !process.env.NO_COLOR, date: false },
    };
    instance = createConsola(options);
  }
  return instance;
}
