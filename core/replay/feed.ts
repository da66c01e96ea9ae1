/**
 * Plays a recording into a running loop: for each line in time order, the virtual clock moves to
 * its time (the loop's timers and in-flight orders' latencies fire on the way), the message goes
 * where the live loop takes it — spot and settlement messages to the oracle's streams, market
 * channel messages to the channel, Gamma responses to discovery — and everything it set off runs
 * to rest before the next line. A line the replay cannot use is reported and skipped.
 */

import type { RecordedMarkets } from "./recorded-markets.ts";
import type { ReplaySockets } from "./replay-socket.ts";
import type { SpotHistory } from "./spot-history.ts";
import { settle, type VirtualClock } from "./virtual-clock.ts";

/** One recorded line (docs/recordings.md): the parsed message, or the raw text of a frame that was not JSON. */
export type RecordedEvent = { t: number; src: string; msg?: unknown; raw?: string };

export type FeedDeps = {
  clock: VirtualClock;
  sockets: ReplaySockets;
  markets: RecordedMarkets;
  spot: SpotHistory;
  /** Discovery now (the recording brought Gamma rows). */
  discover(): Promise<void>;
  problem(message: string): void;
};

export type Played = { lines: number; skipped: number; first?: number; last?: number };

export class ReplayFeed {
  readonly played: Played = { lines: 0, skipped: 0 };

  constructor(private readonly deps: FeedDeps) {}

  async play(events: AsyncIterable<RecordedEvent>): Promise<Played> {
    for await (const event of events) {
      this.played.first ??= event.t;
      this.played.last = Math.max(this.played.last ?? event.t, event.t);
      this.played.lines++;
      await this.deps.clock.advanceTo(event.t);
      if (!(await this.dispatch(event))) this.played.skipped++;
      await settle();
    }
    return this.played;
  }

  private async dispatch(event: RecordedEvent): Promise<boolean> {
    const { src } = event;
    const text = event.raw ?? JSON.stringify(event.msg);
    if (src === "binance" || src === "coinbase" || src === "rtds") {
      // The history live reads from REST (candles, spot at a window's end).
      this.deps.spot.addMessage(src, text, event.t);
      this.deps.sockets.deliver(src, text);
      return true;
    }
    if (src === "clob_market") {
      this.deps.sockets.deliver(src, text);
      return true;
    }
    if (src === "gamma_markets") {
      if (!Array.isArray(event.msg)) {
        this.deps.problem(`line ${this.played.lines} (gamma_markets at ${event.t}): not a JSON array of markets; skipped`);
        return false;
      }
      if (this.deps.markets.add(event.msg) > 0) await this.deps.discover();
      return true;
    }
    // The recorder's own notes (gaps, reconnects): what was missed stays missed.
    if (src === "pm_arb") return true;
    this.deps.problem(`line ${this.played.lines}: unknown source ${JSON.stringify(src).slice(0, 40)}; skipped`);
    return false;
  }
}
