/** `position` records from store rows (plain builder; `import type` only). */
import { stamp } from "../cli/output.ts";
import { type Decimal, ZERO } from "../decimal.ts";
import type { PositionRecord } from "../records/position.ts";
import type { Position } from "../store/schema.ts";
import { unrealisedOf } from "./mark.ts";

const money = (value: Decimal) => value.toDecimalPlaces(6).toString();

export function positionRecord(position: Position, now: Date, extra: { pendingSize?: Decimal; venueSize?: Decimal; venueDifference?: string } = {}): PositionRecord {
  const unrealised = position.status === "open" ? unrealisedOf(position) : undefined;
  return stamp(
    "position",
    {
      mode: position.mode,
      condition_id: position.conditionId,
      token_id: position.tokenId,
      outcome: position.outcome,
      ...(position.marketSlug ? { slug: position.marketSlug } : {}),
      status: position.status,
      size: money(position.size),
      avg_price: position.size.gt(ZERO) ? money(position.cost.dividedBy(position.size)) : "0",
      cost: money(position.cost),
      fees: money(position.fees),
      pending_size: money(extra.pendingSize ?? ZERO),
      ...(position.markPrice && position.status === "open" ? { mark_price: position.markPrice.toString() } : {}),
      ...(unrealised !== undefined ? { unrealised_pnl: money(unrealised) } : {}),
      ...(position.status === "settled" && position.payout ? { payout: money(position.payout), realised_pnl: money(position.realisedPnl), winner: position.payout.gt(ZERO) } : {}),
      ...(position.resolvesAt ? { end: position.resolvesAt.toISOString() } : {}),
      ...(extra.venueSize !== undefined ? { venue_size: money(extra.venueSize) } : {}),
      ...(extra.venueDifference ? { venue_difference: extra.venueDifference } : {}),
      opened_at: position.openedAt.toISOString(),
      ...(position.closedAt ? { settled_at: position.closedAt.toISOString() } : {}),
    } satisfies Omit<PositionRecord, "type" | "v" | "ts">,
    now,
  ) as PositionRecord;
}
