/** `pm-arb fees`: taker fee, break-even probability and net edge. Wiring only; logic in core/fees. */
import { defineCommand } from "citty";
import { commonArgs } from "../core/cli/flags.ts";
import { emitRecords } from "../core/cli/output.ts";
import { stdinIsFed } from "../core/cli/stdin.ts";
import { parseFeesFlags } from "../core/fees/options.ts";
import { runFees } from "../core/fees/run.ts";

export default defineCommand({
  meta: {
    name: "fees",
    description: "Taker fee, break-even probability and net edge for a price and size (one `fee` record per quote)",
  },
  args: {
    ...commonArgs,
    price: { type: "string", description: "Price paid per share, 0 < P < 1", valueHint: "P" },
    size: { type: "string", description: "Shares bought (default 100; with stdin, the size for lines without one)", valueHint: "N" },
    schedule: {
      type: "string",
      description: "Preset: crypto (default; rate 0.072, exponent 1), legacy-15m (0.25, 2), none",
      valueHint: "name",
      values: ["crypto", "legacy-15m", "none"],
    },
    rate: { type: "string", description: "Fee rate 0..1 (instead of --schedule)", valueHint: "R" },
    exponent: { type: "string", description: "Exponent on p(1-p), > 0 (with --rate; default 1)", valueHint: "E" },
    token: { type: "string", description: "Use this CLOB token's own schedule (CLOB clob-markets fd)", valueHint: "id" },
    market: { type: "string", description: "Use this market's own schedule (Gamma feeSchedule)", valueHint: "slug" },
    fair: { type: "string", description: "Fair probability: adds gross edge, fee drag and net edge", valueHint: "P" },
    edge: { type: "string", description: "Gross edge fair - price (instead of --fair)", valueHint: "E" },
    grid: { type: "boolean", description: "Every price 0.01..0.99; without --price or --grid, piped stdin JSON lines {price, size} are quoted" },
  },
  async run({ args }) {
    const options = parseFeesFlags(args, stdinIsFed);
    await emitRecords(args, false, (emit) => runFees(options, emit));
  },
});
