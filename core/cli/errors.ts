/**
 * Typed failures. `main` turns each into one human line on stderr and an exit status:
 * usage and validation problems exit 2, runtime and venue failures exit 1.
 */
export type ErrorKind = "usage" | "config" | "venue" | "risk" | "runtime";

export class PmArbError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = "PmArbError";
  }
}

/** A bad flag, value or argument; the message names the flag and the accepted form. */
export class UsageError extends PmArbError {
  constructor(message: string) {
    super("usage", message, 2);
  }
}

/** An invalid configuration value; `key` is the config key (or zod path) at fault. */
export class ConfigError extends PmArbError {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super("config", `config ${key}: ${message}`, 2);
  }
}

/** A venue or provider answered badly or not at all. */
export class VenueError extends PmArbError {
  constructor(
    readonly venue: string,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super("venue", `${venue}: ${message}`, 1);
  }
}

/** Anything else that stops a command at run time (store, I/O, nothing fresh to report). */
export class RuntimeFailure extends PmArbError {
  constructor(message: string) {
    super("runtime", message, 1);
  }
}
