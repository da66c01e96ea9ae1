/**
 * `pm-arb risk`: the guardian as a command. Reads `opportunity` records and prints one `decision`
 * each (other records pass through), judged against the store's state for the mode; approved
 * decisions count as exposure for the ones after them in the same invocation (a stream of ten
 * approvals cannot add up past a limit), in the market of the token as the venue names it
 * (core/markets/token-markets.ts). A drawdown breach is persisted as a halt.
 * `--status` prints one `summary` record with the limits, their usage and any stop;
 * `--rearm` clears the drawdown halt (restarting the high-water mark from today's equity; without a
 * halt it changes nothing). The kill switch is `pm-arb stop` (core/run/stop.ts).
 */
import { alerts as catalog } from "../alerts/catalog.ts";
import { alerterFromConfig } from "../alerts/from-config.ts";
import { UsageError } from "../cli/errors.ts";
import { log } from "../cli/log.ts";
import type { RecordEnvelope } from "../cli/output.ts";
import { readRecords, stdinIsPiped } from "../cli/stdin.ts";
import type { Env } from "../config/env.ts";
import { type Decimal, ZERO } from "../decimal.ts";
import { configuredMode } from "../ledger/mode.ts";
import { venueMarkets } from "../markets/token-markets.ts";
import { candidateFromOpportunity } from "../model/from-opportunity.ts";
import type { OpportunityRecord } from "../records/opportunity.ts";
import { KNOWN_RECORD_TYPES } from "../records/types.ts";
import { openStore } from "../store/open.ts";
import { withTransaction } from "../store/tx.ts";
import { evaluateRisk } from "./guardian.ts";
import { limitsFromConfig } from "./limits.ts";
import { decisionRecord } from "./records.ts";
import { equity, type RiskState } from "./state.ts";
import { statusSummary } from "./status.ts";
import { rearm, setHalt } from "./stops.ts";
import { loadRiskState } from "./store-state.ts";

type RiskAction = { kind: "evaluate" } | { kind: "status" } | { kind: "rearm" };

export type RiskOptions = { action: RiskAction; live: boolean; configPath?: string; db?: string };

type Emit = (record: RecordEnvelope & Record<string, unknown>) => void;

export type RiskDeps = { env?: Env; now?: () => Date; lines?: AsyncIterable<string> };

function withPending(state: RiskState, market: string, token: string, cost: Decimal, at: number): RiskState {
  const exposure = new Map(state.exposureByMarket);
  exposure.set(market, (exposure.get(market) ?? ZERO).plus(cost));
  const tokens = new Set(state.openTokens);
  tokens.add(token);
  const last = new Map(state.lastOrderAt);
  last.set(market, at);
  return { ...state, exposureByMarket: exposure, openTokens: tokens, lastOrderAt: last };
}

export async function runRisk(options: RiskOptions, emit: Emit, deps: RiskDeps = {}): Promise<void> {
  const env = deps.env ?? process.env;
  const now = deps.now ?? (() => new Date());
  if (options.action.kind === "evaluate" && !deps.lines && !stdinIsPiped())
    throw new UsageError("risk reads opportunity records from stdin: pipe them in (pm-arb scan | pm-arb risk), or use --status");
  const { config, mode } = configuredMode(options, env);
  const limits = limitsFromConfig(config);
  const store = openStore(config.db);
  try {
    const action = options.action;
    if (action.kind === "rearm") {
      const at = now();
      const existed = withTransaction(store, (tx) => rearm(tx, mode, equity(loadRiskState(tx, mode, limits, at), limits), at));
      log().info(
        existed
          ? `${mode} trading re-armed; the high-water mark restarts from today's equity`
          : `${mode} trading was not halted; nothing changed (the high-water mark moves only with equity)`,
      );
    }
    if (action.kind !== "evaluate") {
      emit(statusSummary(store.db, mode, limits, now()));
      return;
    }

    const { opportunityRecordSchema } = await import("../records/opportunity.ts");
    const alerter = alerterFromConfig(config, { store: store.db, emit: (record) => emit(record as RecordEnvelope & Record<string, unknown>), now, log: log() });
    const markets = venueMarkets({ clobUrl: config.clob_url, timeoutMs: config.request_timeout_ms, store: store.db, now });
    let state: RiskState | undefined;
    for await (const { record } of readRecords<OpportunityRecord>({
      consumes: { opportunity: opportunityRecordSchema },
      knownTypes: KNOWN_RECORD_TYPES,
      passThrough: (record) => emit(record as RecordEnvelope & Record<string, unknown>),
      lines: deps.lines,
    })) {
      const candidate = candidateFromOpportunity(record);
      if (!candidate.ok) {
        log().warn(`${candidate.error}; skipped`);
        continue;
      }
      const market = await markets.marketOf(candidate.value.tokenId);
      const at = now();
      state ??= loadRiskState(store.db, mode, limits, at);
      const decision = evaluateRisk(candidate.value, state, limits, at, { market });
      if (decision.haltNow) {
        const halt = setHalt(store.db, mode, decision.haltNow, at);
        state = { ...state, halt };
        alerter.raise(catalog.halted(mode, decision.haltNow, "drawdown_halt"));
      }
      emit(decisionRecord(record, decision, at));
      if (decision.approved && market.ok) state = withPending(state, market.value, candidate.value.tokenId, decision.maxCost, at.getTime());
    }
    await alerter.flush(5_000);
  } finally {
    store.close();
  }
}
