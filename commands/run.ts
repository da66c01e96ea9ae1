/** `pm-arb run`: the whole loop, streaming, watched and stoppable; or `--status`. Wiring only; logic in core/run. */
import { defineCommand } from "citty";
import { commonArgs, storeArgs } from "../core/cli/flags.ts";
import { emitRecords } from "../core/cli/output.ts";
import { wantsLiveView } from "../core/run/live-view.ts";
import { parseRunFlags } from "../core/run/options.ts";

/** The flags of the loop itself (shared with `backtest`, the loop on a recording). */
export const loopArgs = {
  symbols: { type: "string", description: "Bare symbols to trade: BTC,ETH,SOL,XRP (default: all)", valueHint: "list" },
  kinds: { type: "string", description: "Market kinds: updown,above,range,touch (default: all)", valueHint: "list" },
  "ends-within": { type: "string", description: "Only markets ending within this long (default: any end)", valueHint: "duration" },
  providers: { type: "string", description: "Spot providers in priority order (default from config; the RTDS settlement stream is always added)", valueHint: "list" },
  "min-edge": { type: "string", description: "Minimum net edge per share after the fee (default config min_edge)", valueHint: "E" },
  "max-size": { type: "string", description: "Most shares per opportunity (default 1000)", valueHint: "N" },
  vol: { type: "string", description: "Annualised volatility for every symbol instead of the realised figure (default: realised)", valueHint: "V" },
  "vol-floor": { type: "string", description: "Lowest realised volatility used (default 0.2)", valueHint: "V" },
  "max-price-age": { type: "string", description: "Oldest spot price priced or traded on (default config max_price_age_ms)", valueHint: "duration" },
  "max-book-age": { type: "string", description: "Oldest book priced or traded on (default config max_book_age_ms)", valueHint: "duration" },
  "min-seconds-left": { type: "string", description: "No trade this close to a window's end (default 30)", valueHint: "s" },
  complement: { type: "boolean", description: "Also trade the riskless complement (default on; --no-complement)", default: true },
  depth: { type: "string", description: "Book levels considered (default 10)", valueHint: "N" },
  bankroll: { type: "string", description: "Risk: bankroll (default config)", valueHint: "USDC" },
  "max-trade-size": { type: "string", description: "Risk: most collateral per order, fee included (default config max_trade_size, 20)", valueHint: "USDC" },
  "max-market-exposure": { type: "string", description: "Risk: most collateral at risk in one market (default config, 50)", valueHint: "USDC" },
  "max-total-exposure": { type: "string", description: "Risk: most collateral at risk in all markets (default config, 150)", valueHint: "USDC" },
  "max-open-positions": { type: "string", description: "Risk: most tokens held or on order at once (default config, 10)", valueHint: "N" },
  "daily-loss-limit": { type: "string", description: "Risk: stop for the UTC day at this realised loss (default config, 40)", valueHint: "USDC" },
  "max-drawdown": { type: "string", description: "Risk: halt (until re-armed) below this fraction of the high-water mark (default config, 0.2)", valueHint: "F" },
  cooldown: { type: "string", description: "Risk: least time between orders in one market (default config cooldown_ms)", valueHint: "duration" },
  partial: { type: "boolean", description: "FAK (fill what the book has) instead of FOK (all or nothing)" },
  "large-loss": { type: "string", description: "Alert (high) when one position loses more than this (default 20)", valueHint: "USDC" },
  "discover-every": { type: "string", description: "Market discovery period, venue time (default 30s)", valueHint: "duration" },
  "summary-every": { type: "string", description: "Period of the summary record (default 60s)", valueHint: "duration" },
  latency: { type: "string", description: "A paper order reaches the book this much later: FOK/FAK fill against the book then (default 150ms)", valueHint: "duration" },
} as const;

export default defineCommand({
  meta: {
    name: "run",
    description: "The event-driven loop: spot streams and books → scan → risk → trade → store, with heartbeat, alerts and the kill switch (paper unless --live)",
  },
  args: {
    ...commonArgs,
    ...storeArgs,
    live: { type: "boolean", description: "Trade live (as trade --live: credentials needed; PAPER_TRADING=true forces paper)" },
    once: { type: "boolean", description: "One full cycle (REST prices and books, scan, trade, settle) and exit: for cron" },
    status: { type: "boolean", description: "Report the loop's heartbeat (alive, since, mode, last tick/order/error, feeds, measured lag) and exit" },
    "alert-if-stale": {
      type: "string",
      description: "With --status: alert (critical) and exit 1 when the heartbeat is older than this (seconds, or 2m): a cron watchdog (default: report only)",
      valueHint: "seconds",
    },
    sandbox: { type: "boolean", description: "Start the built-in sandbox venue in-process and trade it (no internet)" },
    speed: { type: "string", description: "With --sandbox: simulated-time speed, 1-100 (default 20)", valueHint: "x" },
    seed: { type: "string", description: "With --sandbox: the simulation's seed (default 1)", valueHint: "n" },
    duration: { type: "string", description: "Stop gracefully after this long (real time), e.g. 60s, 2h (default: until stopped)", valueHint: "duration" },
    ...loopArgs,
    replay: {
      type: "string",
      description: "Paper trade on a recording (pm-arb record) instead, on its own clock, as fast as the CPU allows: as pm-arb backtest DIR (default: live feeds)",
      valueHint: "dir",
    },
  },
  async run({ args }) {
    const options = parseRunFlags(args);
    if (options.replay !== undefined) {
      const { replayDirectory } = await import("../core/replay/run.ts");
      const { renderReplayReport } = await import("../core/replay/report-table.ts");
      process.exitCode = await emitRecords(args, true, (emit) => replayDirectory(options, emit), renderReplayReport);
      return;
    }
    const { runLoop, runOnTerminal, runStatus } = await import("../core/run/run.ts");
    if (!options.status && wantsLiveView(args)) {
      process.exitCode = await runOnTerminal(options);
      return;
    }
    process.exitCode = await emitRecords(args, true, (emit) => (options.status ? runStatus(options, emit, process.env) : runLoop(options, emit)));
  },
});
