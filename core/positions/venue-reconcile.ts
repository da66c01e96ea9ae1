/**
 * Live mode: the store's positions against the venue's for the wallet that holds the funds
 * (core/adapters/polymarket/data-api/positions.ts). Differences are reported — a token the venue
 * holds that the store does not, or a different size — never silently written over: the store only
 * changes from fills and settlements pm-arb can account for.
 */
import type { VenuePosition } from "../adapters/polymarket/data-api/positions.ts";
import { Decimal, ZERO } from "../decimal.ts";
import { openPositions } from "../ledger/ledger.ts";
import type { Queryable } from "../store/tx.ts";

export type Difference = { tokenId: string; slug?: string; store: Decimal; venue: Decimal; note: string };

/** Sizes agree when they differ by less than a micro-share. */
const TOLERANCE = new Decimal("0.000001");

export function compareWithVenue(db: Queryable, venue: readonly VenuePosition[]): Difference[] {
  const held = openPositions(db, "live");
  const byToken = new Map(venue.map((position) => [position.tokenId, position]));
  const differences: Difference[] = [];
  for (const position of held) {
    const there = byToken.get(position.tokenId);
    const venueSize = there?.size ?? ZERO;
    if (venueSize.minus(position.size).abs().gte(TOLERANCE)) {
      differences.push({
        tokenId: position.tokenId,
        ...(position.marketSlug ? { slug: position.marketSlug } : {}),
        store: position.size,
        venue: venueSize,
        note: there ? "sizes differ" : "the venue does not list this position (redeemed, or never settled there)",
      });
    }
    byToken.delete(position.tokenId);
  }
  for (const rest of byToken.values()) {
    if (rest.size.abs().lt(TOLERANCE)) continue;
    differences.push({
      tokenId: rest.tokenId,
      ...(rest.slug ? { slug: rest.slug } : {}),
      store: ZERO,
      venue: rest.size,
      note: "held at the venue but not in the store (traded outside pm-arb, or a fill pm-arb has not settled yet)",
    });
  }
  return differences;
}
