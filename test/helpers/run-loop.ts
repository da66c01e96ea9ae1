/**
 * A spawned `pm-arb run` (or any long-running command) whose stdout records are collected as they
 * arrive: `next(predicate)` resolves with the first matching record (past or future), `exited`
 * with the exit code. Tests drive it with signals, `pm-arb stop`, and the sandbox's faults.
 *
 *   const loop = spawnCli(["run", "--duration", "60s"], { env: { ...sandbox.env, PM_ARB_DB: db } });
 *   const order = await loop.next((r) => r.type === "order");
 *   loop.kill("SIGKILL");
 *
 * Waits end with the process: `next` rejects, and `loop.eventually(check)` rejects,
 * once it has exited without what they wait for (its exit code and last stderr lines in the error),
 * so a loop that dies fails its test at once instead of at the test's timeout.
 */
import { spawnPmArb } from "./cli.ts";

export type RunningCli = {
  pid: number;
  args: string[];
  records: Record<string, any>[];
  /** stderr so far. */
  stderr(): string;
  next(match?: (record: Record<string, any>) => boolean): Promise<Record<string, any>>;
  exited: Promise<number>;
  /** The exit code once the process has exited (stdout and stderr read to the end), else null. */
  readonly exitCode: number | null;
  kill(signal?: NodeJS.Signals): void;
  /** Polls `check` every 50 ms until it returns something other than undefined; rejects once the process has exited and one more check still finds nothing. */
  eventually<T>(check: () => T | undefined | Promise<T | undefined>): Promise<T>;
};

export function spawnCli(args: string[], options: { env?: Record<string, string | undefined> } = {}): RunningCli {
  const proc = spawnPmArb([...args, "--json"], options);
  const records: Record<string, any>[] = [];
  const taken = new Set<Record<string, any>>();
  const waiters: { match: (record: Record<string, any>) => boolean; resolve: (record: Record<string, any>) => void; reject: (error: Error) => void }[] = [];
  let errText = "";
  const pump = async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of proc.stdout) {
      buffer += decoder.decode(chunk, { stream: true });
      for (let newline = buffer.indexOf("\n"); newline >= 0; newline = buffer.indexOf("\n")) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (!line) continue;
        const record = JSON.parse(line) as Record<string, any>;
        records.push(record);
        const index = waiters.findIndex((waiter) => waiter.match(record));
        if (index >= 0) {
          taken.add(record);
          waiters.splice(index, 1)[0]!.resolve(record);
        }
      }
    }
  };
  const drainErr = async () => {
    const decoder = new TextDecoder();
    for await (const chunk of proc.stderr) errText += decoder.decode(chunk, { stream: true });
  };
  const done = Promise.all([pump(), drainErr()]);
  let exitCode: number | null = null;
  const exited = (async () => {
    const code = await proc.exited;
    await done;
    exitCode = code;
    // Every record is in: what is still awaited will never come.
    for (const waiter of waiters.splice(0)) waiter.reject(new Error(ended(args, code, errText, "the record awaited")));
    return code;
  })();
  const running: RunningCli = {
    pid: proc.pid,
    args,
    records,
    stderr: () => errText,
    next(match = () => true) {
      const found = records.find((record) => !taken.has(record) && match(record));
      if (found) {
        taken.add(found);
        return Promise.resolve(found);
      }
      if (exitCode !== null) return Promise.reject(new Error(ended(args, exitCode, errText, "the record awaited")));
      return new Promise((resolve, reject) => waiters.push({ match, resolve, reject }));
    },
    exited,
    get exitCode() {
      return exitCode;
    },
    kill: (signal = "SIGTERM") => proc.kill(signal),
    eventually: (check) => eventually(check, running),
  };
  return running;
}

function ended(args: string[], code: number, stderr: string, awaited: string): string {
  const tail = stderr.trim().split("\n").slice(-5).join("\n");
  return `pm-arb ${args.join(" ")} exited (code ${code}) before ${awaited}${tail ? `; last stderr lines:\n${tail}` : ""}`;
}

/** `RunningCli.eventually`: the exit code is read before the check, so the last check sees everything the process wrote. */
function eventually<T>(check: () => T | undefined | Promise<T | undefined>, running: RunningCli): Promise<T> {
  return new Promise((resolve, reject) => {
    const tick = async () => {
      const gone = running.exitCode;
      try {
        const value = await check();
        if (value !== undefined) return resolve(value);
      } catch (error) {
        return reject(error);
      }
      if (gone !== null) return reject(new Error(ended(running.args, gone, running.stderr(), "the condition held")));
      setTimeout(tick, 50);
    };
    void tick();
  });
}
