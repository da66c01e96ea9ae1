/** `pm-arb scan`: fee-aware, model-priced opportunities. Wiring only; logic in core/scan. */
import { defineCommand } from "citty";
import { commonArgs } from "../core/cli/flags.ts";
import { chooseFormat, Output } from "../core/cli/output.ts";
import { stdinIsFed } from "../core/cli/stdin.ts";
import { loadConfig } from "../core/config/load.ts";
import { parseScanFlags } from "../core/scan/options.ts";
import { runScan } from "../core/scan/run.ts";

export default defineCommand({
  meta: {
    name: "scan",
    description: "Price each market as a probability, walk the book with its fee, and emit `opportunity` records (reads `market`/`price` records when piped)",
  },
  args: {
    ...commonArgs,
    symbols: { type: "string", description: "Only these bare symbols, e.g. BTC,ETH (default: all)", valueHint: "list" },
    kinds: { type: "string", description: "Only these kinds: updown, above, range, touch (default: all)", valueHint: "list" },
    "ends-within": { type: "string", description: "Only markets ending within this long, e.g. 30m (default: any end)", valueHint: "duration" },
    at: { type: "string", description: "Evaluate as of this time (ISO-8601 or epoch ms), for replays (default: now)", valueHint: "time" },
    "min-edge": { type: "string", description: "Minimum net edge per share after the fee (default: config min_edge, 0.02)", valueHint: "E" },
    "max-size": { type: "string", description: "Maximum shares per opportunity (default 1000)", valueHint: "N" },
    vol: { type: "string", description: "Annualised volatility to use instead of the realised one (default: realised)", valueHint: "X" },
    "vol-floor": { type: "string", description: "Floor on the realised volatility (default 0.2)", valueHint: "X" },
    "max-price-age": { type: "string", description: "Skip markets whose price is older (default: config max_price_age_ms)", valueHint: "duration" },
    "max-book-age": { type: "string", description: "Skip markets whose book is older (default: config max_book_age_ms)", valueHint: "duration" },
    "min-seconds-left": { type: "string", description: "Skip markets with fewer seconds to expiry (default 30)", valueHint: "S" },
    depth: { type: "string", description: "Book levels fetched per side when scan fetches books (default 10)", valueHint: "N" },
    complement: { type: "boolean", default: true, description: "Also report the riskless complement (--no-complement to skip)" },
    explain: { type: "boolean", description: "Also emit a `rejected` record per market with the reason" },
  },
  async run({ args }) {
    const config = loadConfig({ configPath: args.config });
    const options = parseScanFlags(args, config);
    const output = new Output(chooseFormat(args));
    try {
      await runScan(options, output, { config, stdin: stdinIsFed() || undefined });
    } finally {
      output.flush();
    }
  },
});
