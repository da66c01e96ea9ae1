/**
 * The dead-man switch behind `POST /v1/heartbeats`. The venue expects one id per account: "" while
 * the account has no chain, then the id it issued last. A heartbeat with the expected id gets a new
 * one (the first, with "", starts the chain); any other id is refused with 400 "Invalid Heartbeat
 * ID" and the id it expects, so a client that lost an answer or outlived a restart can continue
 * (as Polymarket's SDKs do). If no valid heartbeat arrives within 10 s plus the venue's 5 s buffer
 * (simulated time), the account's resting orders are cancelled and the chain ends.
 */
import { createHash } from "node:crypto";

const HEARTBEAT_TIMEOUT_MS = 10_000;
const HEARTBEAT_BUFFER_MS = 5_000;
export const INVALID_HEARTBEAT = "Invalid Heartbeat ID";

type Chain = { id: string; last: number };

export type Beat = { ok: true; id: string } | { ok: false; expected: string };

export class Heartbeats {
  private readonly chains = new Map<string, Chain>();
  private issued = 0;

  constructor(
    private readonly seed: number,
    private readonly timeoutMs = HEARTBEAT_TIMEOUT_MS + HEARTBEAT_BUFFER_MS,
  ) {}

  /** Records a heartbeat from `account`: the next id, or the id the venue expected instead. */
  beat(account: string, heartbeatId: string, now: number): Beat {
    const chain = this.chains.get(account);
    const expected = chain && !this.lapsed(chain, now) ? chain.id : "";
    if (heartbeatId !== expected) return { ok: false, expected };
    this.issued += 1;
    const hex = createHash("sha256").update(`${this.seed}:${account}:${this.issued}`).digest("hex");
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    this.chains.set(account, { id, last: now });
    return { ok: true, id };
  }

  /** Accounts whose chain lapsed by `now`, with the time it lapsed; their chains end. */
  expire(now: number): { account: string; at: number }[] {
    const lapsed: { account: string; at: number }[] = [];
    for (const [account, chain] of this.chains) {
      if (this.lapsed(chain, now)) {
        lapsed.push({ account, at: chain.last + this.timeoutMs });
        this.chains.delete(account);
      }
    }
    return lapsed;
  }

  isWatched(account: string): boolean {
    return this.chains.has(account);
  }

  private lapsed(chain: Chain, now: number): boolean {
    return now - chain.last > this.timeoutMs;
  }
}
