/**
 * The CLOB market channel as recorded: `{clob_ws_url}/ws/market`, subscribed with the followed
 * tokens (`{"assets_ids": […], "type": "market", "custom_feature_enabled": true}` on each fresh
 * socket, then `operation: subscribe|unsubscribe` as markets come and go), the venue's `PING`
 * every few seconds. Every frame is recorded by the RawFeed underneath; changes to the token set
 * go in as `subscribe`/`unsubscribe` lines.
 */
import { RawFeed, type RawFeedOptions, type RecordSink } from "./raw-feed.ts";

const PING_EVERY_MS = 3_000;

export type MarketFeedOptions = Pick<RawFeedOptions, "now" | "log" | "silenceMs" | "reconnectBaseMs" | "reconnectMaxMs"> & { wsUrl: string; sink: RecordSink };

export class MarketFeed {
  readonly feed: RawFeed;
  private readonly assets = new Set<string>();
  /** Whether this socket has had its first (`type: market`) subscription; a fresh socket has not. */
  private initialSent = false;

  constructor(private readonly options: MarketFeedOptions) {
    this.feed = new RawFeed({
      ...options,
      source: "clob_market",
      url: `${options.wsUrl.replace(/\/+$/, "")}/ws/market`,
      keepalive: { message: "PING", everyMs: PING_EVERY_MS },
      subscribe: () => {
        this.initialSent = this.assets.size > 0;
        return this.initialSent ? [this.initial([...this.assets])] : [];
      },
    });
  }

  private initial(ids: string[]): string {
    return JSON.stringify({ assets_ids: ids, type: "market", custom_feature_enabled: true });
  }

  /** The tokens to follow: new ones subscribed, gone ones unsubscribed. */
  setAssets(tokenIds: readonly string[]): void {
    const wanted = new Set(tokenIds);
    const added = [...wanted].filter((id) => !this.assets.has(id));
    const removed = [...this.assets].filter((id) => !wanted.has(id));
    for (const id of removed) this.assets.delete(id);
    for (const id of added) this.assets.add(id);
    const { sink } = this.options;
    if (removed.length > 0) {
      sink.event({ event: "unsubscribe", source: "clob_market", assets_ids: removed });
      if (this.feed.open) this.feed.send(JSON.stringify({ assets_ids: removed, operation: "unsubscribe" }));
    }
    if (added.length === 0) return;
    sink.event({ event: "subscribe", source: "clob_market", assets_ids: added });
    if (!this.feed.open) return;
    if (this.initialSent) this.feed.send(JSON.stringify({ assets_ids: added, operation: "subscribe", custom_feature_enabled: true }));
    else {
      this.feed.send(this.initial([...this.assets]));
      this.initialSent = true;
    }
  }
}
