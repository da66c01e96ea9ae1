#!/usr/bin/env bun
/** pm-arb's entry point: a static table of commands, each loaded only when it is run. */
import { type CommandTable, runCli } from "../core/cli/main.ts";

const commands: CommandTable = {
  fees: { description: "Taker fee, break-even probability and net edge for a price and size", load: () => import("./fees.ts") },
  config: { description: "Print the effective configuration (secrets masked)", load: () => import("./config.ts") },
  prices: { description: "Spot prices per symbol from several providers (priority or median), with the settlement basis", load: () => import("./prices.ts") },
  markets: {
    description: "Active crypto price markets from Gamma, classified (kind, window, settlement stream, tokens, fee, tick), optionally with books",
    load: () => import("./markets.ts"),
  },
  scan: { description: "Fair-value and complement opportunities net of each market's fee (one `opportunity` record per actionable outcome)", load: () => import("./scan.ts") },
  risk: { description: "Risk guardian: one `decision` record per piped opportunity; --status, --rearm (the kill switch is pm-arb stop)", load: () => import("./risk.ts") },
  trade: { description: "Place orders for opportunities or decisions (paper unless --live); `trade auth` checks live credentials", load: () => import("./trade.ts") },
  positions: { description: "Positions, orders and fills from the store; --mark, --settle, --summary", load: () => import("./positions.ts") },
  stop: { description: "Set the kill switch and stop the running loop gracefully (--clear re-arms)", load: () => import("./stop.ts") },
  run: {
    description: "The whole loop, event-driven: streams → scan → risk → trade → store, with heartbeat, alerts and kill switch; --status, --once, --sandbox",
    load: () => import("./run.ts"),
  },
  record: {
    description: "Record the real feeds run uses (spot, RTDS, market channel, Gamma rows) as received, into hourly gzip'd JSON lines",
    load: () => import("./record.ts"),
  },
  backtest: {
    description: "The run loop, paper, on a recording, on its own clock (= run --replay DIR): orders, fills, P&L, opportunities seen/taken/vanished",
    load: () => import("./backtest.ts"),
  },
  calibrate: {
    description: "Score the fair value and the market's price against resolved Up/Down windows (Brier, log loss, slope, reliability bins)",
    load: () => import("./calibrate.ts"),
  },
  sandbox: { description: "Run the local sandbox venue (every service, seeded simulation) until interrupted", load: () => import("./sandbox.ts") },
};

// No top-level await: it keeps the entry point bundleable with `bun build --bytecode`.
void runCli(commands, process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
