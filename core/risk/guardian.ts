/**
 * The risk guardian: state in, decision out. No I/O, no clock of its own (`now` is an argument). It
 * reports every reason: each stop or limit that rejects, and each limit that cut the size.
 *
 * Per-market exposure and the cooldown count against the market of the token bought, established
 * by the caller from a source it trusts (core/markets/token-markets.ts), never against the condition
 * id the record claims: a claim that differs is rejected, and an unknown market is not traded.
 *
 * Sizing: the budget is the cost of the levels the opportunity found; its bound with the fee is cut
 * to the per-trade cap, the market's and the total exposure headroom and the free cash, and must
 * still buy the market's minimum order size at the limit and meet the venue's $1 minimum.
 */
import { type Decimal, ZERO } from "../decimal.ts";
import { amountPlaces, amountProblem, centsFloor, marketBuyTaker, tickFloor } from "../ledger/amounts.ts";
import { budgetWithin, maxCost } from "../ledger/max-cost.ts";
import type { TradeCandidate } from "../model/candidate.ts";
import { checkSchedule } from "../model/fee-schedule.ts";
import type { Parsed } from "../safe-parse.ts";
import { type EvidenceCode, examine, short } from "./evidence.ts";
import type { RiskLimits } from "./limits.ts";
import { availableCash, drawdown, equity, money, type RiskState, totalExposure } from "./state.ts";

export type ReasonCode =
  | "kill_switch"
  | "halted"
  | "drawdown"
  | "daily_loss"
  | "min_edge"
  | "stale_price"
  | "stale_book"
  | "market_ended"
  | "cooldown"
  | "max_open_positions"
  | "max_trade_size"
  | "max_market_exposure"
  | "max_total_exposure"
  | "bankroll"
  | "decision_size"
  | "min_size"
  | "invalid"
  | "unknown_market"
  | "market_mismatch"
  | EvidenceCode;

/** `reject` stops the order; `cut` only reduced its size. */
type RiskReason = { code: ReasonCode; kind: "reject" | "cut"; message: string };

export type RiskDecision = {
  approved: boolean;
  /** Approved collateral to spend, whole cents (0 when rejected). */
  budget: Decimal;
  /** Shares the approved budget buys at the limit price (more at better prices); 0 when rejected. */
  size: Decimal;
  requestedBudget: Decimal;
  requestedSize: Decimal;
  /** The limit price, floored to the tick. */
  price: Decimal;
  /** Most collateral the approved budget can commit, fee included. */
  maxCost: Decimal;
  reasons: RiskReason[];
  /** The drawdown limit is breached now: the caller persists a halt that only a person clears. */
  haltNow?: string;
};

export type RiskOptions = {
  /** The condition id of the market the candidate's token belongs to, or why it could not be established. */
  market: Parsed<string>;
  /** Budget cap from an upstream `decision` record (trade re-checks a decision, never enlarges it). */
  budgetCap?: Decimal;
};

const pct = (value: Decimal) => `${value.times(100).toDecimalPlaces(2).toString()}%`;

export function evaluateRisk(candidate: TradeCandidate, state: RiskState, limits: RiskLimits, now: Date, options: RiskOptions): RiskDecision {
  const reasons: RiskReason[] = [];
  const reject = (code: ReasonCode, message: string) => reasons.push({ code, kind: "reject", message });
  const cut = (code: ReasonCode, message: string) => reasons.push({ code, kind: "cut", message });
  const price = candidate.tickSize.gt(ZERO) ? tickFloor(candidate.limitPrice, candidate.tickSize) : ZERO;
  const market = options.market.ok ? options.market.value : undefined;
  let haltNow: string | undefined;

  // Stops.
  if (state.killSwitch) reject("kill_switch", `kill switch set since ${state.killSwitch.since}: ${state.killSwitch.reason}`);
  if (state.halt) reject("halted", `trading halted since ${state.halt.since}: ${state.halt.reason}; a person must re-arm it (pm-arb risk --rearm)`);
  const dd = drawdown(state, limits);
  if (!state.halt && dd.gt(limits.maxDrawdown)) {
    haltNow = `drawdown ${pct(dd)} from the high-water mark ${money(state.highWaterMark)} (equity ${money(equity(state, limits))}) exceeds max_drawdown ${pct(limits.maxDrawdown)}`;
    reject("drawdown", haltNow);
  }
  if (state.realisedPnlToday.lte(limits.dailyLossLimit.negated())) {
    reject("daily_loss", `realised P&L today ${money(state.realisedPnlToday)} has reached the daily loss limit -${money(limits.dailyLossLimit)}`);
  }

  // The opportunity itself.
  const schedule = candidate.feeSchedule;
  const scheduleProblem = checkSchedule(schedule.rate, schedule.exponent);
  const invalid = !price.gt(ZERO) || !price.lt(1) || !candidate.size.gt(ZERO) || !candidate.tickSize.gt(ZERO) || scheduleProblem !== undefined;
  if (invalid)
    reject(
      "invalid",
      `unusable opportunity: limit price ${short(candidate.limitPrice)}, size ${short(candidate.size)}, tick ${short(candidate.tickSize)}${scheduleProblem ? `, fee ${scheduleProblem}` : ""}`,
    );
  if (!options.market.ok) reject("unknown_market", `the market of token ${candidate.tokenId} could not be established: ${options.market.error}`);
  else if (options.market.value.toLowerCase() !== candidate.conditionId.toLowerCase()) {
    reject("market_mismatch", `token ${candidate.tokenId} belongs to market ${options.market.value}, not ${candidate.conditionId} as the opportunity says`);
  }
  const evidence = examine(candidate, now);
  for (const problem of evidence.problems) reject(problem.code, problem.message);
  const netEdge = evidence.netEdge ?? candidate.netEdge;
  if (netEdge.lt(limits.minEdge)) reject("min_edge", `net edge ${short(netEdge)} is below min_edge ${limits.minEdge.toString()}`);
  const age = (ms: number) => (Number.isFinite(ms) ? `${ms} ms old` : "of unknown age");
  if (!(evidence.priceAgeMs <= limits.maxPriceAgeMs)) reject("stale_price", `price is ${age(evidence.priceAgeMs)} (max_price_age_ms ${limits.maxPriceAgeMs})`);
  if (!(evidence.bookAgeMs <= limits.maxBookAgeMs)) reject("stale_book", `book is ${age(evidence.bookAgeMs)} (max_book_age_ms ${limits.maxBookAgeMs})`);
  if (!(candidate.end.getTime() > now.getTime())) reject("market_ended", `market ended at ${candidate.end.toISOString()}`);
  const last = market === undefined ? undefined : state.lastOrderAt.get(market);
  if (last !== undefined && now.getTime() - last < limits.cooldownMs) {
    reject("cooldown", `last order in this market ${now.getTime() - last} ms ago (cooldown_ms ${limits.cooldownMs})`);
  }
  if (!state.openTokens.has(candidate.tokenId) && state.openTokens.size >= limits.maxOpenPositions) {
    reject("max_open_positions", `${state.openTokens.size} open positions already (max_open_positions ${limits.maxOpenPositions})`);
  }

  // Sizing, in collateral.
  const tick = candidate.tickSize;
  const requestedBudget = invalid ? ZERO : centsFloor(candidate.cost);
  let budget = requestedBudget;
  if (options.budgetCap?.lt(budget)) {
    budget = centsFloor(options.budgetCap);
    cut("decision_size", `budget cut from ${money(requestedBudget)} to the upstream decision's ${money(options.budgetCap)}`);
  }
  const wanted = maxCost(budget, schedule, tick);
  const marketUsed = (market === undefined ? undefined : state.exposureByMarket.get(market)) ?? ZERO;
  const total = totalExposure(state);
  const cash = availableCash(state, limits, total);
  // Messages are written only for a limit that rejects or cuts (most orders pass them all).
  const caps: [ReasonCode, Decimal, () => string][] = [
    ["max_trade_size", limits.maxTradeSize, () => `max_trade_size ${money(limits.maxTradeSize)}`],
    [
      "max_market_exposure",
      limits.maxMarketExposure.minus(marketUsed),
      () => `max_market_exposure ${money(limits.maxMarketExposure)} with ${money(marketUsed)} already at risk in this market`,
    ],
    ["max_total_exposure", limits.maxTotalExposure.minus(total), () => `max_total_exposure ${money(limits.maxTotalExposure)} with ${money(total)} already at risk`],
    ["bankroll", cash, () => `free cash ${money(cash)} (bankroll ${money(limits.bankroll)}, realised ${money(state.realisedPnl)}, at risk ${money(total)})`],
  ];
  let room = wanted;
  for (const [code, headroom, what] of caps) {
    if (invalid) break;
    if (!headroom.gt(ZERO)) reject(code, `no headroom: ${what()}`);
    else if (headroom.lt(room)) {
      cut(code, `cost bound ${money(wanted)} (budget ${money(budget)} + worst-case fee) cut to ${what()}`);
      room = headroom;
    }
  }
  const wasCut = room.lt(wanted);
  if (wasCut) budget = budgetWithin(room, schedule, tick);
  if (!invalid && !reasons.some((reason) => reason.kind === "reject")) {
    const problem = amountProblem(price, budget, tick, candidate.minSize);
    if (problem) reject("min_size", reasons.length > 0 ? `after cuts: ${problem}` : problem);
  }
  const approved = !reasons.some((reason) => reason.kind === "reject");
  const places = amountPlaces(tick);
  return {
    approved,
    budget: approved ? budget : ZERO,
    size: approved && places !== undefined ? marketBuyTaker(budget, price, places) : ZERO,
    requestedBudget,
    requestedSize: candidate.size,
    price,
    maxCost: approved ? (wasCut ? maxCost(budget, schedule, tick) : wanted) : ZERO,
    reasons,
    ...(haltNow ? { haltNow } : {}),
  };
}
