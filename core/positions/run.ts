/**
 * `pm-arb positions`: positions, orders and fills from the store, for one mode. `--settle` books the
 * payouts of markets Gamma reports resolved; `--mark` values open positions at the current bids;
 * `--summary` prints the daily summary, with the mode's run loop (alive, since when, last tick, order, error). Live mode also compares the store with the venue's Data API
 * positions and reports every difference (stderr, and on the position records) without writing it.
 */
import { and, eq, inArray } from "drizzle-orm";
import { fetchVenuePositions } from "../adapters/polymarket/data-api/positions.ts";
import { fetchResolutions } from "../adapters/polymarket/gamma/resolutions.ts";
import { alerts as catalog } from "../alerts/catalog.ts";
import { alerterFromConfig } from "../alerts/from-config.ts";
import { log } from "../cli/log.ts";
import type { RecordEnvelope } from "../cli/output.ts";
import type { Env } from "../config/env.ts";
import { loadCredentials } from "../credentials.ts";
import { type Decimal, ZERO } from "../decimal.ts";
import type { TradeMode } from "../ledger/client-order-id.ts";
import { openPositions, UNSETTLED_FILLS } from "../ledger/ledger.ts";
import { configuredMode } from "../ledger/mode.ts";
import { settlePosition } from "../ledger/positions.ts";
import { limitsFromConfig } from "../risk/limits.ts";
import { summaryRecord } from "../risk/summary.ts";
import { loopSummary } from "../run/status.ts";
import { openStore } from "../store/open.ts";
import { fills, orders, type Position, positions } from "../store/schema.ts";
import { type Queryable, withTransaction } from "../store/tx.ts";
import { fillRecord, orderFromRow } from "../trade/records.ts";
import { markPositions, oldestMark } from "./mark.ts";
import type { PositionsOptions } from "./options.ts";
import { positionRecord } from "./records.ts";
import { compareWithVenue, type Difference } from "./venue-reconcile.ts";

type Emit = (record: RecordEnvelope & Record<string, unknown>) => void;

export type PositionsDeps = { env?: Env; now?: () => Date };

/** Unsettled fill sizes per token, for the records' `pending_size`. */
function pendingByToken(db: Queryable, mode: TradeMode): Map<string, Decimal> {
  const modeOrders = db.select({ id: orders.id, tokenId: orders.tokenId }).from(orders).where(eq(orders.mode, mode)).all();
  const tokenOf = new Map(modeOrders.map((row) => [row.id, row.tokenId]));
  const out = new Map<string, Decimal>();
  if (tokenOf.size === 0) return out;
  for (const fill of db
    .select()
    .from(fills)
    .where(and(inArray(fills.orderId, [...tokenOf.keys()]), inArray(fills.status, UNSETTLED_FILLS)))
    .all()) {
    const token = tokenOf.get(fill.orderId)!;
    out.set(token, (out.get(token) ?? ZERO).plus(fill.size));
  }
  return out;
}

export async function runPositions(options: PositionsOptions, emit: Emit, deps: PositionsDeps = {}): Promise<void> {
  const env = deps.env ?? process.env;
  const now = deps.now ?? (() => new Date());
  const { config, mode } = configuredMode(options, env);
  const limits = limitsFromConfig(config);
  const store = openStore(config.db);
  const alerter = alerterFromConfig(config, { store: store.db, now, log: log() });
  try {
    if (options.settle) {
      // Gamma decides what has resolved; the local clock does not (replays and venues run on their own time).
      const due = openPositions(store.db, mode);
      const resolved = await fetchResolutions(
        config.gamma_url,
        due.map((position) => position.conditionId),
        config.request_timeout_ms,
      );
      let settled = 0;
      for (const position of due) {
        const resolution = resolved.get(position.conditionId);
        if (!resolution) continue;
        const done = withTransaction(store, (tx) => settlePosition(tx, position, resolution.winners.has(position.tokenId), now()));
        settled++;
        alerter.raise(catalog.settled({ mode, slug: done.marketSlug ?? done.conditionId, outcome: done.outcome, pnl: done.realisedPnl, tokenId: done.tokenId }));
        if (options.view === "open") emit(positionRecord(done, now()));
      }
      log().info(`settle: ${settled} of ${due.length} open position(s) settled from Gamma (the rest are not resolved yet)`);
    }
    if (options.mark) {
      const { marked, problems } = await markPositions(store.db, mode, config.clob_url, config.request_timeout_ms, now());
      for (const problem of problems) log().warn(`mark: ${problem}`);
      log().info(`mark: ${marked.length} open position(s) marked at the best bid`);
    }
    let differences = new Map<string, Difference>();
    if (mode === "live" && (options.view === "open" || options.view === "all")) {
      const credentials = loadCredentials(env, { funder: config.funder, signature_type: config.signature_type });
      const user = await credentials.fundingAddress();
      const venue = await fetchVenuePositions(config.data_api_url, user, config.request_timeout_ms);
      const found = compareWithVenue(store.db, venue);
      for (const difference of found)
        log().warn(
          `venue differs for ${difference.slug ?? difference.tokenId}: store ${difference.store.toString()}, venue ${difference.venue.toString()} (${difference.note}); the store is not changed`,
        );
      if (found.length === 0) log().info(`venue: the Data API agrees with the store for ${user}`);
      differences = new Map(found.map((difference) => [difference.tokenId, difference]));
    }

    const at = now();
    switch (options.view) {
      case "summary": {
        const markedAt = oldestMark(store.db, mode);
        if (markedAt) log().info(`unrealised P&L at the bids of ${markedAt.toISOString()} (pm-arb positions --mark values them now)`);
        emit({ ...summaryRecord(store.db, mode, limits, at), marked_at: markedAt?.toISOString() ?? null, loop: loopSummary(store.db, mode, { now: at }) });
        break;
      }
      case "orders":
        for (const order of store.db.select().from(orders).where(eq(orders.mode, mode)).orderBy(orders.id).all()) {
          emit(orderFromRow(order, store.db.select().from(fills).where(eq(fills.orderId, order.id)).all(), at));
        }
        break;
      case "fills": {
        const modeOrders = new Map(
          store.db
            .select()
            .from(orders)
            .where(eq(orders.mode, mode))
            .all()
            .map((order) => [order.id, order]),
        );
        if (modeOrders.size === 0) break;
        for (const fill of store.db
          .select()
          .from(fills)
          .where(inArray(fills.orderId, [...modeOrders.keys()]))
          .orderBy(fills.id)
          .all())
          emit(fillRecord(modeOrders.get(fill.orderId)!, fill, at));
        break;
      }
      default: {
        const pending = pendingByToken(store.db, mode);
        const rows: Position[] = store.db.select().from(positions).where(eq(positions.mode, mode)).orderBy(positions.id).all();
        const shown = options.view === "all" ? rows : rows.filter((row) => row.status === "open");
        for (const row of shown) {
          const difference = differences.get(row.tokenId);
          emit(positionRecord(row, at, { pendingSize: pending.get(row.tokenId), ...(difference ? { venueSize: difference.venue, venueDifference: difference.note } : {}) }));
        }
        for (const difference of differences.values()) {
          if (!rows.some((row) => row.tokenId === difference.tokenId))
            log().warn(`venue holds ${difference.venue.toString()} of ${difference.slug ?? difference.tokenId}, which the store does not know`);
        }
      }
    }
  } finally {
    await alerter.flush(5_000);
    store.close();
  }
}
