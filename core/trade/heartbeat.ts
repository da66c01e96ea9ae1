/**
 * The venue's dead-man switch. While a live session may have resting orders, pm-arb sends
 * `POST /v1/heartbeats` every few seconds; if pm-arb dies the beats stop and the venue cancels the
 * account's resting orders (10 s without a valid beat, plus a 5 s buffer).
 *
 * The protocol (Polymarket's ts-sdk `sendOrderHeartbeat`, clob-client-v2 `postHeartbeat`): the
 * first beat sends an empty id; each answer carries the id to send next, and beats are sent one at
 * a time, each with the latest id. A beat whose id is not the one the venue expects is refused
 * with 400 `{"error_msg": "Invalid Heartbeat ID", "heartbeat_id": <the id it expects>}` — after a
 * venue restart or a lapsed chain that is "" (a new chain), after a lost answer the id it issued.
 * pm-arb then sends the beat again at once with that id (counted as a resync and reported, since
 * a lapsed chain may have cost the account its resting orders). Any other failure is reported and
 * the next beat keeps the id: if the venue did take the lost beat, its answer to the next one
 * realigns the chain. Timers are unref'd: the heartbeat never keeps the process alive by itself.
 */
import type { ClobSession } from "./clob-session.ts";

export const DEFAULT_HEARTBEAT_MS = 5_000;
export const INVALID_HEARTBEAT_ID = "Invalid Heartbeat ID";

/** The venue refused a beat's id; `expectedId` is the one it wants instead ("" for a new chain). */
export class InvalidHeartbeatId extends Error {
  constructor(readonly expectedId: string) {
    super(`${INVALID_HEARTBEAT_ID} (the venue expects ${expectedId === "" ? "a new chain" : expectedId})`);
    this.name = "InvalidHeartbeatId";
  }
}

export type Heartbeat = { stop(): void; readonly beats: number; readonly failures: number; readonly resyncs: number };

export type HeartbeatOptions = {
  intervalMs?: number;
  /** A failed beat, or a recovered one (the venue's chain was not ours): worth a warning. */
  onError?: (message: string) => void;
  onBeat?: () => void;
};

export function startHeartbeat(session: Pick<ClobSession, "heartbeat">, options: HeartbeatOptions = {}): Heartbeat {
  const intervalMs = options.intervalMs ?? DEFAULT_HEARTBEAT_MS;
  let id = "";
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const state = { beats: 0, failures: 0, resyncs: 0 };
  const send = async (current: string): Promise<string> => {
    try {
      return await session.heartbeat(current);
    } catch (error) {
      if (!(error instanceof InvalidHeartbeatId)) throw error;
      state.resyncs++;
      options.onError?.(
        error.expectedId === ""
          ? "the venue has no heartbeat chain for this account (it restarted, or the beats lapsed and it may have cancelled resting orders); started a new one"
          : "the venue expected another heartbeat id (an answer was lost, or another process beats for this account); continued its chain",
      );
      return await session.heartbeat(error.expectedId);
    }
  };
  const beat = async () => {
    if (stopped) return;
    try {
      id = await send(id);
      state.beats++;
      options.onBeat?.();
    } catch (error) {
      state.failures++;
      options.onError?.((error as Error).message);
    }
    if (!stopped) {
      timer = setTimeout(beat, intervalMs);
      (timer as { unref?: () => void }).unref?.();
    }
  };
  void beat();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    get beats() {
      return state.beats;
    },
    get failures() {
      return state.failures;
    },
    get resyncs() {
      return state.resyncs;
    },
  };
}
