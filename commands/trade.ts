/** `pm-arb trade`: place orders for opportunities or decisions (paper by default). Wiring only; logic in core/trade. */
import { defineCommand } from "citty";
import { commonArgs, storeArgs } from "../core/cli/flags.ts";
import { emitRecords } from "../core/cli/output.ts";
import { parseTradeFlags } from "../core/trade/options.ts";

const auth = defineCommand({
  meta: {
    name: "auth",
    description: "Pre-flight doctor for live trading: key, signer/funder/signature type, API key, geoblock/closed-only, pUSD balance and allowance, market minimums; posts nothing",
  },
  args: {
    ...commonArgs,
    timeout: { type: "string", description: "Per-request timeout (default: config request_timeout_ms)", valueHint: "duration" },
  },
  async run({ args }) {
    const { runPreflight } = await import("../core/trade/preflight.ts");
    await runPreflight({ configPath: args.config, timeout: args.timeout });
  },
});

export default defineCommand({
  meta: {
    name: "trade",
    description: "Place orders for piped `opportunity` (risk-checked here) or `decision` records; one `order` record each (paper unless --live)",
  },
  args: {
    ...commonArgs,
    ...storeArgs,
    "dry-run": { type: "boolean", description: "Paper trading: fill against the current book, place nothing (the default)" },
    live: { type: "boolean", description: "Trade live on the CLOB (needs credentials; PAPER_TRADING=true still forces paper)" },
    partial: { type: "boolean", description: "FAK (fill what the book has, kill the rest) instead of FOK (all or nothing)" },
    "settle-timeout": { type: "string", description: "How long to follow live fills to settlement (default 10s)", valueHint: "duration" },
    timeout: { type: "string", description: "Per-request venue timeout (default: config request_timeout_ms)", valueHint: "duration" },
    heartbeat: { type: "string", description: "Venue heartbeat interval while live (default 5s)", valueHint: "duration" },
  },
  subCommands: { auth },
  async run({ args }) {
    const options = parseTradeFlags(args);
    const { runTrade } = await import("../core/trade/run.ts");
    await emitRecords(args, true, (emit) => runTrade(options, emit));
  },
});
