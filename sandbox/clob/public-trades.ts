/**
 * Public views of the users' trades under `/clob`, no authentication:
 * - `GET /markets/live-activity/:conditionId`: the market's recent trades, newest first, with the
 *   trader shown by wallet (the sandbox keeps no profiles: names are empty);
 * - `GET /builder/trades?builder_code=`: cursor-paged trades of orders signed with that builder
 *   code, amounts in decimal units as live (`tradeType` is the builder's order's side of the match);
 * - `GET /fees/builder-fees/:code`: the builder's fee rates — 0 for every code in the sandbox.
 * Failed (ghost) fills are left out, as they never settle. Assumed (undocumented): the live-activity
 * page size (100) and the 400 messages for a missing builder code.
 */
import { Decimal } from "../../core/decimal.ts";
import { json } from "../server.ts";
import { formatMicro } from "./amounts.ts";
import type { Clob } from "./http.ts";
import type { VenueTrade } from "./state.ts";
import { page } from "./wire.ts";

const ZERO_BUILDER = `0x${"0".repeat(64)}`;
const ACTIVITY_PAGE = 100;

const price = (trade: VenueTrade) => new Decimal(trade.collateral.toString()).div(trade.shares.toString()).toDecimalPlaces(6).toString();
const seconds = (ms: number) => String(Math.floor(ms / 1000));

export function registerPublicTrades(clob: Clob): void {
  const { app, ex } = clob;
  const settled = () => ex.trades.filter((trade) => trade.status !== "FAILED");

  app.route("clob", "GET", "/markets/live-activity/:conditionId", ({ params }) => {
    ex.sweep(app.clock.now());
    return settled()
      .filter((trade) => trade.market.conditionId === params.conditionId)
      .sort((a, b) => b.matchTime - a.matchTime)
      .slice(0, ACTIVITY_PAGE)
      .map((trade) => ({
        event_type: "trade",
        market: { condition_id: trade.market.conditionId, asset_id: trade.tokenId, question: trade.market.question, icon: "", slug: trade.market.slug },
        user: { address: trade.funder, username: "", profile_picture: "", optimized_profile_picture: "", pseudonym: "" },
        side: trade.side,
        size: formatMicro(trade.shares),
        fee_rate_bps: "0",
        price: price(trade),
        outcome: trade.outcome,
        outcome_index: trade.market.tokenIds.indexOf(trade.tokenId),
        transaction_hash: trade.transactionHash,
        timestamp: seconds(trade.matchTime),
      }));
  });

  app.route("clob", "GET", "/builder/trades", ({ url }) => {
    const code = (url.searchParams.get("builder_code") ?? "").toLowerCase();
    if (!/^0x[0-9a-f]{64}$/.test(code) || code === ZERO_BUILDER) return json({ error: "invalid builder_code" }, 400);
    ex.sweep(app.clock.now());
    const rows = settled()
      .filter((trade) => ex.orders.get(trade.orderId)?.payload.order.builder === code)
      .map((trade) => ({
        id: trade.id,
        tradeType: trade.traderSide,
        takerOrderHash: trade.traderSide === "TAKER" ? trade.orderId : "",
        builder: "",
        market: trade.market.conditionId,
        assetId: trade.tokenId,
        side: trade.side,
        size: formatMicro(trade.shares),
        sizeUsdc: formatMicro(trade.collateral),
        price: price(trade),
        status: trade.status,
        outcome: trade.outcome,
        outcomeIndex: trade.market.tokenIds.indexOf(trade.tokenId),
        owner: trade.apiKey,
        maker: trade.makerAddress,
        transactionHash: trade.transactionHash,
        matchTime: seconds(trade.matchTime),
        bucketIndex: 0,
        fee: formatMicro(trade.fee),
        feeUsdc: formatMicro(trade.fee),
        builderFee: "0",
        builderCode: code,
        err_msg: null,
        createdAt: new Date(trade.matchTime).toISOString(),
        updatedAt: new Date(trade.lastUpdate).toISOString(),
      }));
    return page(rows, url.searchParams.get("next_cursor")) ?? json({ error: "invalid next_cursor" }, 400);
  });

  app.route("clob", "GET", "/fees/builder-fees/:code", () => ({ builder_maker_fee_rate_bps: 0, builder_taker_fee_rate_bps: 0 }));
}
