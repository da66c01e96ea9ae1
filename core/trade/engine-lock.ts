/**
 * One live engine per wallet. The lock is a row in the store's `state` table
 * (`lock:live:<signer address>`) taken in a write transaction; a second live engine for the same
 * wallet refuses to start. A lock whose process is gone (same host) or that has not been refreshed
 * for `staleMs` (another host) is taken over, so a crash never blocks trading for good.
 */
import { hostname } from "node:os";
import { RuntimeFailure } from "../cli/errors.ts";
import type { Store } from "../store/open.ts";
import { deleteState, getState, setState, withTransaction } from "../store/tx.ts";

const LOCK_STALE_MS = 60_000;

type LockValue = { pid: number; host: string; started_at: string; refreshed_at: string };

export type EngineLock = { key: string; refresh(now?: Date): void; release(): void };

export const lockKey = (address: string) => `lock:live:${address.toLowerCase()}`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function asLock(value: unknown): LockValue | undefined {
  const record = value as Partial<LockValue> | undefined;
  if (!record || typeof record.pid !== "number" || typeof record.host !== "string") return undefined;
  return { pid: record.pid, host: record.host, started_at: String(record.started_at ?? ""), refreshed_at: String(record.refreshed_at ?? "") };
}

export function acquireEngineLock(store: Store, address: string, now: Date = new Date(), self = { pid: process.pid, host: hostname() }, staleMs = LOCK_STALE_MS): EngineLock {
  const key = lockKey(address);
  withTransaction(store, (tx) => {
    const held = asLock(getState(tx, key));
    if (held && !(held.pid === self.pid && held.host === self.host)) {
      const sameHost = held.host === self.host;
      const refreshed = Date.parse(held.refreshed_at);
      const fresh = Number.isFinite(refreshed) && now.getTime() - refreshed < staleMs;
      if (sameHost ? alive(held.pid) : fresh) {
        throw new RuntimeFailure(
          `another live engine (pid ${held.pid} on ${held.host}, since ${held.started_at}) is trading this wallet; one live engine per wallet — stop it first`,
        );
      }
    }
    setState(tx, key, { pid: self.pid, host: self.host, started_at: now.toISOString(), refreshed_at: now.toISOString() } satisfies LockValue, now);
  });
  const mine = (value: unknown) => {
    const held = asLock(value);
    return held !== undefined && held.pid === self.pid && held.host === self.host;
  };
  return {
    key,
    refresh(at = new Date()) {
      withTransaction(store, (tx) => {
        const held = asLock(getState(tx, key));
        if (held && mine(held)) setState(tx, key, { ...held, refreshed_at: at.toISOString() }, at);
      });
    },
    release() {
      try {
        withTransaction(store, (tx) => {
          if (mine(getState(tx, key))) deleteState(tx, key);
        });
      } catch {
        // The store may already be closed; a stale lock is taken over by the next engine.
      }
    },
  };
}
