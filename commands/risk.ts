/** `pm-arb risk`: the risk guardian as a command. Wiring only; logic in core/risk. */
import { defineCommand } from "citty";
import { commonArgs, storeArgs } from "../core/cli/flags.ts";
import { emitRecords } from "../core/cli/output.ts";
import { parseRiskFlags } from "../core/risk/options.ts";

export default defineCommand({
  meta: {
    name: "risk",
    description: "Judge piped `opportunity` records against the limits and the store's state: one `decision` record each (approved size, every reason)",
  },
  args: {
    ...commonArgs,
    ...storeArgs,
    status: { type: "boolean", description: "Print one `summary` record: limits, usage, and whether trading is halted and why" },
    rearm: { type: "boolean", description: "Clear a drawdown halt (the high-water mark restarts from today's equity)" },
    kill: { type: "string", description: "Gone: the kill switch is pm-arb stop --reason TEXT", valueHint: "reason" },
    unkill: { type: "boolean", description: "Gone: re-arm with pm-arb stop --clear" },
    live: { type: "boolean", description: "Use the live book's state (default: paper; PAPER_TRADING=true forces paper)" },
  },
  async run({ args }) {
    const options = parseRiskFlags(args);
    const { runRisk } = await import("../core/risk/run.ts");
    await emitRecords(args, true, (emit) => runRisk(options, emit));
  },
});
