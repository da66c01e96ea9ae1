/**
 * A live start, shared by `trade --live` and `run --live`: credentials, the CLOB session, then the
 * wallet's engine lock, kept fresh by the venue heartbeat. The lock lives in the store, so an engine
 * on another store does not see it; the venue's heartbeat chain is what both share. When it shows
 * another process beating for the account, live trading is halted in this store until a person
 * re-arms it (`pm-arb risk --rearm`), and a critical alert is raised.
 */

import { startHeartbeat } from "../adapters/polymarket/execution/dead-man-switch.ts";
import { redact } from "../adapters/polymarket/execution/venue-errors.ts";
import type { VenueSession } from "../adapters/venue.ts";
import { Alerter } from "../alerts/alerter.ts";
import { alerts } from "../alerts/catalog.ts";
import type { AlertSink } from "../alerts/order-alerts.ts";
import { PmArbError, RuntimeFailure } from "../cli/errors.ts";
import type { Env } from "../config/env.ts";
import type { Config } from "../config/schema.ts";
import { loadCredentials } from "../credentials.ts";
import { setHalt } from "../risk/stops.ts";
import type { Store } from "../store/open.ts";
import { acquireEngineLock } from "./engine-lock.ts";

/**
 * The session. A pm-arb error keeps its kind: credentials that do not load, or that the CLOB refuses
 * to derive a key for, are a ConfigError (exit 2); a CLOB that fails or cannot be reached is a
 * VenueError naming it (exit 1). Anything else the client throws is reported as opening the session
 * failing (exit 1), never as the credentials' fault.
 */
export async function openLiveSession(config: Config, env: Env, timeoutMs: number): Promise<VenueSession> {
  const credentials = loadCredentials(env, { funder: config.funder, signature_type: config.signature_type });
  const { openClobSession } = await import("../adapters/polymarket/execution/session.ts");
  try {
    return await openClobSession({ clobUrl: config.clob_url, chainId: config.chain_id, credentials, timeoutMs });
  } catch (error) {
    if (error instanceof PmArbError) throw error;
    throw new RuntimeFailure(`opening the live session at ${config.clob_url} failed: ${redact((error as Error).message ?? String(error), [credentials.privateKeyForSigning()])}`);
  }
}

export type LiveHold = { release(): void };

export type HoldOptions = {
  intervalMs?: number;
  onError: (message: string) => void;
  /** The clock the lock and a halt are stamped with (default: the system's). */
  now?: () => Date;
  /** Where the alert goes when another process beats for the wallet; default: recorded in the store only. */
  alerter?: AlertSink;
};

/**
 * Takes the wallet's engine lock (one live engine per wallet) and starts the venue heartbeat,
 * each beat refreshing the lock; another process on the heartbeat halts live trading here and
 * alerts. release() stops the heartbeat, then frees the lock.
 */
export function holdLiveSession(store: Store, session: VenueSession, options: HoldOptions): LiveHold {
  const lock = acquireEngineLock(store, session.signer, options.now?.());
  const onForeign = (detail: string) => {
    const now = options.now?.() ?? new Date();
    setHalt(store.db, "live", `${detail} (wallet ${session.signer}); one live engine per wallet — stop the other one`, now);
    options.onError(`${detail}; live trading halted in this store until pm-arb risk --rearm`);
    (options.alerter ?? new Alerter({ store: store.db, now: () => now })).raise(alerts.foreignHeartbeat(session.signer, detail));
  };
  const beat = startHeartbeat(session, { intervalMs: options.intervalMs, onError: options.onError, onBeat: () => lock.refresh(options.now?.()), onForeign });
  return {
    release() {
      beat.stop();
      lock.release();
    },
  };
}
