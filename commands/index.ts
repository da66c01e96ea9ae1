#!/usr/bin/env bun
/** pm-arb's entry point: a static table of commands (name, description, examples), each loaded only when it is run. */
import type { CommandTable } from "../core/cli/command-table.ts";
import { runCli } from "../core/cli/main.ts";

export const commands: CommandTable = {
  fees: {
    description: "Taker fee, break-even probability and net edge for a price and size",
    examples: ["pm-arb fees --price 0.50 --size 100", "pm-arb fees --price 0.42 --fair 0.47", "pm-arb fees --market btc-updown-15m-1767200400"],
    load: () => import("./fees.ts"),
  },
  config: {
    description: "Print the effective configuration (secrets masked)",
    examples: ["pm-arb config", "pm-arb config --config ./pm-arb.config.json --table"],
    load: () => import("./config.ts"),
  },
  prices: {
    description: "Spot prices per symbol from several providers (priority or median), with the settlement basis",
    examples: ["pm-arb prices BTC ETH SOL XRP", "pm-arb prices BTC --mode median --providers binance,coinbase,kraken", "pm-arb prices BTC ETH --stream --count 20"],
    load: () => import("./prices.ts"),
  },
  markets: {
    description: "Active crypto price markets from Gamma, classified (kind, window, settlement stream, tokens, fee, tick), optionally with books",
    examples: ["pm-arb markets --symbols BTC,ETH --kinds updown --ends-within 30m", "pm-arb markets --books --depth 5 --table"],
    load: () => import("./markets.ts"),
  },
  scan: {
    description: "Fair-value and complement opportunities net of each market's fee (one `opportunity` record per actionable outcome)",
    examples: ["pm-arb scan --symbols BTC --min-edge 0.03", "pm-arb markets --books | pm-arb scan --explain"],
    load: () => import("./scan.ts"),
  },
  risk: {
    description: "Risk guardian: one `decision` record per piped opportunity; --status, --rearm (the kill switch is pm-arb stop)",
    examples: ["pm-arb scan | pm-arb risk", "pm-arb risk --status", "pm-arb risk --rearm"],
    load: () => import("./risk.ts"),
  },
  trade: {
    description: "Place orders for opportunities or decisions (paper unless --live); `trade auth` checks live credentials",
    examples: ["pm-arb scan | pm-arb trade --dry-run", "pm-arb scan | pm-arb risk | pm-arb trade --live", "pm-arb trade auth"],
    load: () => import("./trade.ts"),
  },
  positions: {
    description: "Positions, orders and fills from the store; --mark, --settle, --summary",
    examples: ["pm-arb positions --mark --summary", "pm-arb positions --settle", "pm-arb positions --orders --db ./paper.sqlite"],
    load: () => import("./positions.ts"),
  },
  stop: {
    description: "Set the kill switch and stop the running loop gracefully (--clear re-arms)",
    examples: ['pm-arb stop --reason "investigating fills"', "pm-arb stop --cancel-open", "pm-arb stop --clear"],
    load: () => import("./stop.ts"),
  },
  run: {
    description: "The whole loop, event-driven: streams → scan → risk → trade → store, with heartbeat, alerts and kill switch; --status, --once, --sandbox",
    examples: ["pm-arb run --sandbox --duration 60s --kinds updown --vol 0.6 --min-edge 0.1", "pm-arb run --once --json", "pm-arb run --status --alert-if-stale 120"],
    load: () => import("./run.ts"),
  },
  record: {
    description: "Record the real feeds run uses (spot, RTDS, market channel, Gamma rows) as received, into hourly gzip'd JSON lines",
    examples: ["pm-arb record --out rec --duration 2h --symbols BTC,ETH --kinds updown", "pm-arb record --sandbox --duration 60s --out rec-sandbox"],
    load: () => import("./record.ts"),
  },
  backtest: {
    description: "The run loop, paper, on a recording, on its own clock (= run --replay DIR): orders, fills, P&L, opportunities seen/taken/vanished",
    examples: ["pm-arb backtest rec --kinds updown --min-edge 0.05", "pm-arb backtest rec --latency 500ms --json"],
    load: () => import("./backtest.ts"),
  },
  calibrate: {
    description: "Score the fair value and the market's price against resolved Up/Down windows (Brier, log loss, slope, reliability bins)",
    examples: [
      "D=test/fixtures/real-btc-15m; pm-arb calibrate --markets $D/gamma-markets.json --candles $D/binance-btcusdt-1m.csv --prices-history $D/prices-history",
      "pm-arb calibrate … --paired --spot-delay 60s",
    ],
    load: () => import("./calibrate.ts"),
  },
  report: {
    description: "One self-contained HTML report from the store: equity, drawdown, P&L by series, fees vs edge, fills, opportunities, lag, calibration",
    examples: ["pm-arb report --out report.html", "pm-arb report --mode live --since 7d --out week.html", "pm-arb report --calibration calibration.jsonl --out model.html"],
    load: () => import("./report.ts"),
  },
  dashboard: {
    description: "The report page live on 127.0.0.1 with loop, feeds, positions, orders, alerts and the kill switch",
    examples: ["pm-arb dashboard", "pm-arb dashboard --port 8788 --mode live"],
    load: () => import("./dashboard.ts"),
  },
  sandbox: {
    description: "Run the local sandbox venue (every service, seeded simulation) until interrupted",
    examples: ["pm-arb sandbox --port 8787 --seed 7", "pm-arb sandbox --lag-ms 4000 --speed 10 --fault binance:451"],
    load: () => import("./sandbox.ts"),
  },
};

// Run only as the entry point (tests import the table). No top-level await: it keeps the entry
// point bundleable with `bun build --bytecode`.
if (import.meta.main) {
  void runCli(commands, process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
