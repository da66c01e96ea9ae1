/**
 * One loop per store and mode, and one live loop per wallet.
 *
 * - Store: `run:lock:<mode>` in the state KV, taken in a write transaction (BEGIN IMMEDIATE), so two
 *   loops starting at once cannot both see it free. A lock whose holder is gone (same host, pid not
 *   running) or whose heartbeat is stale (another host) is taken over.
 * - Wallet (live): a lock file named after the funding address in the temp directory, created
 *   exclusively; a file left by a dead pid is taken over. Two stores, one wallet: still refused.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RuntimeFailure } from "../cli/errors.ts";
import type { Store } from "../store/open.ts";
import { deleteState, getState, setState, withTransaction } from "../store/tx.ts";
import { pidAlive, type RunMode, readHeartbeat, thisHost } from "./loop-heartbeat.ts";

const lockKey = (mode: RunMode) => `run:lock:${mode}`;

type LockValue = { pid: number; host: string; since: string };

export type LockOptions = { mode: RunMode; now: Date; staleMs: number; pid?: number; host?: string; isAlive?: (pid: number) => boolean };

function holderAlive(db: Store, holder: LockValue, mode: RunMode, options: LockOptions, host: string): boolean {
  if (holder.host === host) return (options.isAlive ?? pidAlive)(holder.pid);
  const beat = readHeartbeat(db.db, mode);
  return beat !== undefined && beat.value.pid === holder.pid && !beat.value.stopped_at && options.now.getTime() - Date.parse(beat.value.beat_at) <= options.staleMs;
}

/** Takes the store lock for `mode`; throws RuntimeFailure naming the holder when a live one has it. */
export function acquireStoreLock(store: Store, options: LockOptions): () => void {
  const pid = options.pid ?? process.pid;
  const host = options.host ?? thisHost();
  withTransaction(store, (tx) => {
    const held = getState<LockValue>(tx, lockKey(options.mode));
    if (held && typeof held.pid === "number" && held.pid !== pid && holderAlive(store, held, options.mode, options, host)) {
      throw new RuntimeFailure(
        `a ${options.mode} loop is already running on this store (pid ${held.pid} on ${held.host}, since ${held.since}); pm-arb run --status shows it, pm-arb stop stops it`,
      );
    }
    setState(tx, lockKey(options.mode), { pid, host, since: options.now.toISOString() } satisfies LockValue, options.now);
  });
  return () => {
    try {
      withTransaction(store, (tx) => {
        const held = getState<LockValue>(tx, lockKey(options.mode));
        if (held?.pid === pid && held.host === host) deleteState(tx, lockKey(options.mode));
      });
    } catch {
      // The store may be closing; a stale lock is taken over by the next start.
    }
  };
}

/** Takes the per-wallet live lock (a file in the temp directory); throws when another live loop holds it. */
export function acquireWalletLock(address: string, options: { pid?: number; dir?: string; isAlive?: (pid: number) => boolean } = {}): () => void {
  const pid = options.pid ?? process.pid;
  const path = join(options.dir ?? tmpdir(), `pm-arb-live-${address.toLowerCase()}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeFileSync(fd, String(pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, "utf8").trim() === String(pid)) unlinkSync(path);
        } catch {}
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw new RuntimeFailure(`cannot take the wallet lock ${path}: ${(error as Error).message}`);
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(path, "utf8").trim());
      } catch {}
      if (Number.isSafeInteger(holder) && holder !== pid && (options.isAlive ?? pidAlive)(holder)) {
        throw new RuntimeFailure(`a live loop for wallet ${address} is already running (pid ${holder}); one live loop per wallet`);
      }
      try {
        unlinkSync(path);
      } catch {}
    }
  }
  throw new RuntimeFailure(`cannot take the wallet lock ${path}`);
}
