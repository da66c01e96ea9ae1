/** `pm-arb record`: capture the feeds `run` trades on into a recording directory. Wiring only; logic in core/record. */
import { defineCommand } from "citty";
import { commonArgs, storeArgs } from "../core/cli/flags.ts";
import { emitRecords } from "../core/cli/output.ts";
import { parseRecordFlags } from "../core/record/options.ts";

export default defineCommand({
  meta: {
    name: "record",
    description:
      "Record the real feeds run uses (Binance, Coinbase, RTDS, the CLOB market channel, Gamma rows) as received, into hourly gzip'd JSON-lines files plus a manifest (docs/recordings.md)",
  },
  args: {
    ...commonArgs,
    ...storeArgs,
    out: { type: "string", description: "The recording directory, new or empty (default recording-<UTC time> here)", valueHint: "dir" },
    duration: { type: "string", description: "Stop after this long (real time), e.g. 60s, 2h (default: until stopped)", valueHint: "duration" },
    "max-bytes": { type: "string", description: "Stop cleanly before the files pass this size (compressed), e.g. 500M, 2G (default: no limit)", valueHint: "size" },
    symbols: { type: "string", description: "Bare symbols to record: BTC,ETH,SOL,XRP (default: all)", valueHint: "list" },
    kinds: { type: "string", description: "Market kinds to follow: updown,above,range,touch (default: all)", valueHint: "list" },
    "ends-within": { type: "string", description: "Only follow markets ending within this long (default: any end)", valueHint: "duration" },
    "discover-every": { type: "string", description: "Market discovery period, venue time (default 30s)", valueHint: "duration" },
    sandbox: { type: "boolean", description: "Start the built-in sandbox venue in-process and record it (no internet)" },
    speed: { type: "string", description: "With --sandbox: simulated-time speed, 1-100 (default 20)", valueHint: "x" },
    seed: { type: "string", description: "With --sandbox: the simulation's seed (default 1)", valueHint: "n" },
  },
  async run({ args }) {
    const options = parseRecordFlags(args);
    const { recordFeeds } = await import("../core/record/record.ts");
    process.exitCode = await emitRecords(args, true, (emit) => recordFeeds(options, emit));
  },
});
