/**
 * A spawned `pm-arb run` (or any long-running command) whose stdout records are collected as they
 * arrive: `next(predicate)` resolves with the first matching record (past or future), `exited`
 * with the exit code. Tests drive it with signals, `pm-arb stop`, and the sandbox's faults.
 *
 *   const loop = spawnCli(["run", "--duration", "60s"], { env: { ...sandbox.env, PM_ARB_DB: db } });
 *   const order = await loop.next((r) => r.type === "order");
 *   loop.kill("SIGKILL");
 */
import { CLI_ENTRY } from "./cli.ts";

export type RunningCli = {
  pid: number;
  records: Record<string, any>[];
  /** stderr so far. */
  stderr(): string;
  next(match?: (record: Record<string, any>) => boolean): Promise<Record<string, any>>;
  exited: Promise<number>;
  kill(signal?: NodeJS.Signals): void;
};

export function spawnCli(args: string[], options: { env?: Record<string, string | undefined> } = {}): RunningCli {
  const proc = Bun.spawn([process.execPath, CLI_ENTRY, ...args, "--json"], {
    env: { ...process.env, NO_COLOR: "1", TZ: "UTC", ...options.env } as Record<string, string>,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const records: Record<string, any>[] = [];
  const taken = new Set<Record<string, any>>();
  const waiters: { match: (record: Record<string, any>) => boolean; resolve: (record: Record<string, any>) => void }[] = [];
  let errText = "";
  const pump = async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of proc.stdout) {
      buffer += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
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
  return {
    pid: proc.pid,
    records,
    stderr: () => errText,
    next(match = () => true) {
      const found = records.find((record) => !taken.has(record) && match(record));
      if (found) {
        taken.add(found);
        return Promise.resolve(found);
      }
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    exited: (async () => {
      const code = await proc.exited;
      await done;
      return code;
    })(),
    kill: (signal = "SIGTERM") => proc.kill(signal),
  };
}

/** Polls `check` every 50 ms until it returns something other than undefined. */
export function eventually<T>(check: () => T | undefined | Promise<T | undefined>): Promise<T> {
  return new Promise((resolve, reject) => {
    const tick = async () => {
      try {
        const value = await check();
        if (value !== undefined) return resolve(value);
      } catch (error) {
        return reject(error);
      }
      setTimeout(tick, 50);
    };
    void tick();
  });
}
