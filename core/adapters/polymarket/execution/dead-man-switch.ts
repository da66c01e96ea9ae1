/**
 * The venue's dead-man switch: while a live session may have resting orders, pm-arb beats
 * `POST /v1/heartbeats`; if pm-arb dies the beats stop and the venue cancels the account's resting
 * orders (10 s without a valid beat, plus a 5 s buffer).
 *
 * Each answer carries the id to send next. A beat with an id the venue does not expect is refused
 * (400 "Invalid Heartbeat ID", with the id it expects); pm-arb resends at once with that id and
 * judges whose chain it was:
 * - "" (no chain): the venue restarted, or the beats lapsed (it may have cancelled resting orders);
 * - an id pm-arb never got, while its own last beat went unanswered (or at start-up): the answer
 *   was lost, or this engine restarted inside the venue's window — its own chain, continued;
 * - an id pm-arb never got, although its last beat was answered, twice: another process on the
 *   same wallet (an engine on another store, which the engine lock cannot see). `onForeign` is
 *   called once; the beats go on (they keep resting orders covered), but the caller must stop
 *   placing orders (core/trade/live-session.ts halts live trading).
 * Any other failure keeps the id: if the venue took the lost beat, its next answer realigns the
 * chain. Timers are unref'd.
 */
import type { VenueSession } from "../../venue.ts";
import { InvalidHeartbeatId } from "./session-errors.ts";

export const DEFAULT_HEARTBEAT_MS = 5_000;
/** Times the chain must move under an answered beat before it is another process's (once may be the venue's own hiccup). */
const FOREIGN_AFTER = 2;

export type Heartbeat = {
  stop(): void;
  readonly beats: number;
  readonly failures: number;
  readonly resyncs: number;
  /** Another process beats for this account (see above). */
  readonly foreign: boolean;
};

export type HeartbeatOptions = {
  intervalMs?: number;
  /** A failed beat, or a recovered one (the venue's chain was not where this engine left it): worth a warning. */
  onError?: (message: string) => void;
  onBeat?: () => void;
  /** Another process beats for this account: called once, with what was seen. */
  onForeign?: (message: string) => void;
};

export function startHeartbeat(session: Pick<VenueSession, "heartbeat">, options: HeartbeatOptions = {}): Heartbeat {
  const intervalMs = options.intervalMs ?? DEFAULT_HEARTBEAT_MS;
  let id = "";
  // Whether the last beat got its answer: if so, the venue's chain was at `id` when it answered.
  let answered = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const state = { beats: 0, failures: 0, resyncs: 0, moved: 0, foreign: false };
  const judge = (expectedId: string): void => {
    if (expectedId === "") {
      options.onError?.("the venue has no heartbeat chain for this account (it restarted, or the beats lapsed and it may have cancelled resting orders); started a new one");
    } else if (!answered) {
      options.onError?.("the venue expected a heartbeat id this engine did not get (an answer was lost, or an earlier run's chain lives on); continued it");
    } else if (++state.moved < FOREIGN_AFTER) {
      options.onError?.("the venue's heartbeat chain moved past this engine's last beat (someone else beat for this account?); continued it");
    } else if (!state.foreign) {
      state.foreign = true;
      options.onForeign?.(`another process is sending the venue heartbeat for this account: the chain moved under this engine's answered beats ${state.moved} times`);
    }
  };
  const send = async (current: string): Promise<string> => {
    try {
      return await session.heartbeat(current);
    } catch (error) {
      if (!(error instanceof InvalidHeartbeatId)) throw error;
      state.resyncs++;
      judge(error.expectedId);
      return await session.heartbeat(error.expectedId);
    }
  };
  const beat = async () => {
    if (stopped) return;
    try {
      id = await send(id);
      answered = true;
      state.beats++;
      options.onBeat?.();
    } catch (error) {
      answered = false;
      state.failures++;
      options.onError?.((error as Error).message);
    }
    if (!stopped) {
      timer = setTimeout(beat, intervalMs);
      (timer as { unref?: () => void }).unref?.();
    }
  };
  void beat();
  // The counters are the live state's own fields.
  return Object.assign(state, {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  });
}
