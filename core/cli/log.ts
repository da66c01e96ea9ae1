/**
 * Logging to stderr only: consola's basic reporter (`[type] message`, one line per event) with both
 * of its streams set to stderr. By default consola writes info, log and success to stdout, which
 * carries the JSON lines a downstream command reads.
 */
import { isatty } from "node:tty";
import type { ConsolaInstance } from "consola/basic";

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

export function isQuiet(): boolean {
  return verbosity === "quiet";
}

/** What is drawn on the terminal and must make way for a log line: a progress line, run's live status. */
export type TerminalOverlay = { clear(): void; redraw(): void };
let overlay: TerminalOverlay | undefined;

/** Lets `next` own the terminal's last lines (undefined: nothing does); log lines go above it. */
export function setOverlay(next: TerminalOverlay | undefined): void {
  overlay = next;
}

/** Text for a person on stderr (a log line, a report), written above the overlay if one is drawn. */
export function writeStderr(text: string): boolean {
  overlay?.clear();
  const written = process.stderr.write(text);
  overlay?.redraw();
  return written;
}

const logStream = { write: writeStderr } as unknown as NodeJS.WriteStream;

/** The shared stderr logger, created on first use at the current verbosity. */
export function log(): ConsolaInstance {
  // consola is loaded on first use: importing it builds its default logger on process.stdout and
  // process.stderr, which costs a cold `pm-arb fees` (that never logs) about a millisecond.
  instance ??= (require("consola/basic") as typeof import("consola/basic")).createConsola({
    level: LEVELS[verbosity],
    stdout: logStream,
    stderr: logStream,
    formatOptions: { colors: isatty(2) && !process.env.NO_COLOR, date: false },
  });
  return instance;
}
