/** `pm-arb positions`: positions, orders and fills from the store. Wiring only; logic in core/positions. */
import { defineCommand } from "citty";
import { commonArgs, storeArgs } from "../core/cli/flags.ts";
import { emitRecords } from "../core/cli/output.ts";
import { parsePositionsFlags } from "../core/positions/options.ts";

export default defineCommand({
  meta: {
    name: "positions",
    description: "Positions (default: open), orders or fills from the store; --mark values them at the bids, --settle books resolved markets, --summary prints the daily summary",
  },
  args: {
    ...commonArgs,
    ...storeArgs,
    open: { type: "boolean", description: "Open positions (the default view)" },
    all: { type: "boolean", description: "Every position, settled ones included" },
    orders: { type: "boolean", description: "One `order` record per stored order" },
    fills: { type: "boolean", description: "One `fill` record per stored fill" },
    summary: { type: "boolean", description: "One `summary` record: equity, P&L, fees, win rate, exposure, drawdown, counts" },
    mark: { type: "boolean", description: "Value open positions at the current best bid (unrealised P&L)" },
    settle: { type: "boolean", description: "Book the payouts of markets Gamma reports resolved (realised P&L)" },
    live: { type: "boolean", description: "The live book (default paper); also compares with the venue's Data API positions" },
  },
  async run({ args }) {
    const options = parsePositionsFlags(args);
    const { runPositions } = await import("../core/positions/run.ts");
    await emitRecords(args, false, (emit) => runPositions(options, emit));
  },
});
