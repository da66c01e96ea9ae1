/**
 * The alerter: `raise` decides synchronously (the trading loop never waits on a phone) and delivers
 * in the background. A repeat of a key inside its level's window is folded (counted, not sent),
 * checked against memory and the store's alerts table, so separate processes (a cron watchdog)
 * agree. Push deliveries are rate-limited, except critical ones; each channel is retried with
 * backoff, and a failure is logged and stored, never thrown.
 */
import type { AlertRecord } from "../records/alert.ts";
import type { Queryable } from "../store/tx.ts";
import { DEFAULT_RETRY, deliver, type RetryPolicy, realSleep, type Sleep } from "./retry.ts";
import { insertAlert, lastAlertAt, updateAlertChannels } from "./store.ts";
import { type AlertChannel, type AlertInput, type AlertLevel, type AlertMessage, type ChannelResult, PRIORITY_OF } from "./types.ts";

export type AlertLog = { warn(message: string): void; debug(message: string): void };

/** Folding windows per level (ms): an outage alerts once per window, not once per failure. */
const DEFAULT_DEDUPE_MS: Record<AlertLevel, number> = { critical: 30 * 60_000, high: 10 * 60_000, normal: 60_000, low: 10 * 60_000 };

export type AlerterOptions = {
  channels?: AlertChannel[];
  /** The alerts table lives here; without a store nothing is persisted and folding is per process. */
  store?: Queryable;
  /** The `alert` record writer (stdout). */
  emit?: (record: AlertRecord) => void;
  /** Push channels get alerts at or above this priority (config `alert_min_priority`). */
  minPriority?: number;
  dedupeMs?: Partial<Record<AlertLevel, number>>;
  rateLimit?: { max: number; perMs: number };
  retry?: Partial<RetryPolicy>;
  now?: () => Date;
  sleep?: Sleep;
  log?: AlertLog;
};

export type RaiseOutcome =
  | { status: "suppressed"; key: string; suppressed: number }
  | { status: "queued" | "no_channels" | "below_min_priority" | "rate_limited"; key: string; record: AlertRecord; delivery: Promise<Record<string, ChannelResult>> };

const NO_LOG: AlertLog = { warn: () => {}, debug: () => {} };

export class Alerter {
  private readonly channels: AlertChannel[];
  private readonly dedupeMs: Record<AlertLevel, number>;
  private readonly retry: RetryPolicy;
  private readonly now: () => Date;
  private readonly sleep: Sleep;
  private readonly log: AlertLog;
  /** Per key: when it was last sent and how many repeats were folded since. */
  private readonly recent = new Map<string, { at: number; folded: number }>();
  private readonly pushTimes: number[] = [];
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly options: AlerterOptions = {}) {
    this.channels = options.channels ?? [];
    this.dedupeMs = { ...DEFAULT_DEDUPE_MS, ...options.dedupeMs };
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? realSleep;
    this.log = options.log ?? NO_LOG;
  }

  get channelNames(): string[] {
    return this.channels.map((channel) => channel.name);
  }

  /** Decides now, delivers in the background. Never throws. */
  raise(input: AlertInput): RaiseOutcome {
    const at = this.now();
    const key = input.key ?? input.kind;
    const window = this.dedupeMs[input.level];
    const previous = this.lastSent(key, at, window);
    if (previous !== undefined && at.getTime() - previous < window) {
      const entry = this.recent.get(key) ?? { at: previous, folded: 0 };
      entry.folded++;
      this.recent.set(key, entry);
      this.log.debug(`alert ${key} folded (${entry.folded} since ${new Date(entry.at).toISOString()})`);
      return { status: "suppressed", key, suppressed: entry.folded };
    }
    const folded = this.recent.get(key)?.folded ?? 0;
    this.recent.set(key, { at: at.getTime(), folded: 0 });
    this.prune(at.getTime());

    const message: AlertMessage = { ...input, key, priority: PRIORITY_OF[input.level], suppressed: folded, at };
    const status = this.route(message, at.getTime());
    const targets = status === "queued" ? this.channels : [];
    const record: AlertRecord = {
      type: "alert",
      v: 1,
      ts: at.toISOString(),
      key,
      kind: message.kind,
      level: message.level,
      priority: message.priority,
      title: message.title,
      message: message.message,
      suppressed: folded,
      channels: targets.map((channel) => channel.name),
      delivery: status,
      ...(input.data ? { data: input.data } : {}),
    };
    try {
      this.options.emit?.(record);
    } catch (error) {
      this.log.warn(`alert ${key}: could not write the record: ${(error as Error).message}`);
    }
    const rowId = this.persist(message, status === "queued" ? Object.fromEntries(targets.map((channel) => [channel.name, { pending: true }])) : { [status]: true });
    const delivery = this.deliverAll(message, targets, rowId);
    return { status, key, record, delivery };
  }

  /** Raises and waits for delivery (the watchdog, which exits right after). */
  async send(input: AlertInput): Promise<RaiseOutcome> {
    const outcome = this.raise(input);
    if (outcome.status !== "suppressed") await outcome.delivery;
    return outcome;
  }

  /** Waits for deliveries in flight, at most `timeoutMs`. */
  async flush(timeoutMs = 15_000): Promise<void> {
    if (this.pending.size === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.pending]), timeout]);
    clearTimeout(timer);
  }

  private lastSent(key: string, at: Date, window: number): number | undefined {
    const memory = this.recent.get(key)?.at;
    if (memory !== undefined || !this.options.store || window <= 0) return memory;
    try {
      return lastAlertAt(this.options.store, key, new Date(at.getTime() - window))?.getTime();
    } catch (error) {
      this.log.warn(`alerts: cannot read the alerts table: ${(error as Error).message}`);
      return undefined;
    }
  }

  private route(message: AlertMessage, at: number): "queued" | "no_channels" | "below_min_priority" | "rate_limited" {
    if (this.channels.length === 0) return "no_channels";
    if (message.priority < (this.options.minPriority ?? -2)) return "below_min_priority";
    const limit = this.options.rateLimit ?? { max: 20, perMs: 10 * 60_000 };
    while (this.pushTimes.length > 0 && this.pushTimes[0]! <= at - limit.perMs) this.pushTimes.shift();
    if (message.level !== "critical" && this.pushTimes.length >= limit.max) return "rate_limited";
    this.pushTimes.push(at);
    return "queued";
  }

  private persist(message: AlertMessage, channels: Record<string, unknown>): number | undefined {
    if (!this.options.store) return undefined;
    try {
      return insertAlert(this.options.store, message, channels);
    } catch (error) {
      this.log.warn(`alert ${message.key}: cannot record it in the store: ${(error as Error).message}`);
      return undefined;
    }
  }

  private deliverAll(message: AlertMessage, targets: AlertChannel[], rowId: number | undefined): Promise<Record<string, ChannelResult>> {
    if (targets.length === 0) return Promise.resolve({});
    const work = (async () => {
      const results: Record<string, ChannelResult> = {};
      await Promise.all(
        targets.map(async (channel) => {
          const result = await deliver(channel, message, this.retry, this.sleep);
          results[channel.name] = result;
          if (!result.ok) this.log.warn(`alert ${message.key}: ${channel.name} delivery failed after ${result.attempts} attempt(s): ${result.error}`);
        }),
      );
      if (rowId !== undefined && this.options.store) {
        try {
          updateAlertChannels(this.options.store, rowId, results);
        } catch (error) {
          this.log.warn(`alert ${message.key}: cannot record delivery: ${(error as Error).message}`);
        }
      }
      return results;
    })();
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
    return work;
  }

  private prune(at: number): void {
    if (this.recent.size < 1000) return;
    const horizon = at - Math.max(...Object.values(this.dedupeMs));
    for (const [key, entry] of this.recent) if (entry.at < horizon) this.recent.delete(key);
  }
}
