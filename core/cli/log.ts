/**
 * Logging to stderr only. consola is created on first use, from `consola/core` with a reporter of
 * our own: consola's main entry builds `process.stdout` and `process.stderr` (Node streams) even
 * when told to write elsewhere, and its basic reporter loads `node:util`.
 * `StderrReporter` writes what consola's BasicReporter writes (`[type] message`, one line per event;
 * by default consola writes `info` to stdout, which would corrupt the JSON lines a downstream
 * command reads) through `console.error`, which Bun writes to fd 2 natively.
 */

import { isatty } from "node:tty";
import type { ConsolaInstance, ConsolaOptions, FormatOptions, LogObject } from "consola";

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

/** fd 2 as consola's `stdout`/`stderr`: `console.error` adds the newline the reporter ends with. */
const stderr = {
  write(data: string): boolean {
    console.error(data.endsWith("\n") ? data.slice(0, -1) : data);
    return true;
  },
};

type Util = typeof import("node:util");
let util: Util | undefined;
const nodeUtil = () => (util ??= require("node:util") as Util);

const bracket = (text: unknown) => (text ? `[${text}]` : "");

/** consola 3.4's BasicReporter (dist/shared), writing to our stderr; node:util only for non-string arguments. */
export class StderrReporter {
  log(logObj: LogObject, ctx: { options: ConsolaOptions }): void {
    const opts: FormatOptions & { errorLevel?: number } = { columns: 0, ...ctx.options.formatOptions };
    const message = this.formatArgs(logObj.args, opts);
    const line =
      logObj.type === "box"
        ? `\n${[bracket(logObj.tag), logObj.title && logObj.title, ...message.split("\n")]
            .filter(Boolean)
            .map((l) => ` > ${l}`)
            .join("\n")}\n`
        : [bracket(logObj.type), bracket(logObj.tag), message].filter(Boolean).join(" ");
    stderr.write(`${line}\n`);
  }

  formatArgs(args: unknown[], opts: FormatOptions & { errorLevel?: number }): string {
    // What formatWithOptions returns for one string: the string itself (no % substitution).
    if (args.length === 1 && typeof args[0] === "string") return args[0];
    const formatted = args.map((arg) => (arg && typeof (arg as Error).stack === "string" ? this.formatError(arg as Error, opts) : arg));
    return nodeUtil().formatWithOptions(opts as object, ...formatted);
  }

  formatError(err: Error, opts: FormatOptions & { errorLevel?: number }): string {
    const message = err.message ?? nodeUtil().formatWithOptions(opts as object, err);
    const stack = err.stack ? this.formatStack(err.stack, message, opts) : "";
    const level = opts?.errorLevel || 0;
    const causedPrefix = level > 0 ? `${"  ".repeat(level)}[cause]: ` : "";
    const causedError = err.cause ? `\n\n${this.formatError(err.cause as Error, { ...opts, errorLevel: level + 1 })}` : "";
    return `${causedPrefix + message}\n${stack}${causedError}`;
  }

  formatStack(stack: string, message: string, opts: { errorLevel?: number }): string {
    const indent = "  ".repeat((opts?.errorLevel || 0) + 1);
    const cwd = process.cwd() + (process.platform === "win32" ? "\\" : "/");
    const lines = stack
      .split("\n")
      .splice(message.split("\n").length)
      .map((l) => l.trim().replace("file://", "").replace(cwd, ""));
    return indent + lines.join(`\n${indent}`);
  }
}

/** The shared stderr logger. */
export function log(): ConsolaInstance {
  if (!instance) {
    // Lazy, synchronous load keeps cold commands free of consola.
    const { createConsola } = require("consola/core") as typeof import("consola/core");
    instance = createConsola({
      level: LEVELS[verbosity],
      stdout: stderr as unknown as NodeJS.WriteStream,
      stderr: stderr as unknown as NodeJS.WriteStream,
      reporters: [new StderrReporter()],
      formatOptions: { colors: isatty(2) && !process.env.NO_COLOR, date: false },
    });
  }
  return instance;
}
