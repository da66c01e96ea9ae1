/**
 * Payouts. When a market has resolved (the catalog sets `winner`), positions in it show as
 * redeemable in the Data API; `REDEEM_AFTER_MS` after the market's end the venue redeems them
 * automatically (like an auto-claim): each winning share pays 1 pUSD, losing shares pay nothing, and
 * both outcome tokens leave the wallet. Redemptions show up in `/data-api/activity` as REDEEM rows.
 */
import type { ExchangeRecords } from "./exchange-records.ts";
import { transactionHash } from "./settlement.ts";

export const REDEEM_AFTER_MS = 60_000;

export function redeemResolved(ex: ExchangeRecords, now: number): void {
  for (const tokenId of ex.tradedTokens) {
    const market = ex.market(tokenId);
    if (!market || market.winner === undefined || now < market.end + REDEEM_AFTER_MS) continue;
    const index = market.tokenIds.indexOf(tokenId);
    for (const funder of ex.accounts.holdersOf(tokenId)) {
      const shares = ex.accounts.tokens(funder, tokenId);
      const payout = index === market.winner ? shares : 0n;
      ex.accounts.addTokens(funder, tokenId, -shares);
      ex.accounts.addCollateral(funder, payout);
      ex.redemptions.push({
        funder,
        market,
        tokenId,
        outcome: market.outcomes[index] ?? "",
        shares,
        payout,
        time: market.end + REDEEM_AFTER_MS,
        transactionHash: transactionHash(`redeem:${funder}:${tokenId}`),
      });
    }
  }
}
