/**
 * The venue's dead-man switch: while a live session may have resting orders, pm-arb sends
 * `POST /v1/heartbeats` every few seconds, chaining each answer's id into the next. If pm-arb dies,
 * the beats stop and the venue cancels the account's resting orders (10 s plus a 5 s buffer). A
 * failed beat is reported and the chain restarts with an empty id. Timers are unref'd: the
 * heartbeat never keeps the process alive by itself.
 */
import type { ClobSession } from "./clob-session.ts";

export const DEFAULT_HEARTBEAT_MS = 5_000;

export type Heartbeat = { stop(): void; readonly beats: number; readonly failures: number };

export function startHeartbeat(session: Pick<ClobSession, "heartbeat">, options: { intervalMs?: number; onError?: (message: string) => void; onBeat?: () => void } = {}): Heartbeat {
  const intervalMs = options.intervalMs ?? DEFAULT_HEARTBEAT_MS;
  let id = "";
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const state = { beats: 0, failures: 0 };
  const beat = async () => {
    if (stopped) return;
    try {
      id = await session.heartbeat(id);
      state.beats++;
      options.onBeat?.();
    } catch (error) {
      state.failures++;
      id = "";
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
  };
}
