/** `pm-arb markets`: discover and classify crypto price markets. Wiring only; logic in core/markets. */
import { defineCommand } from "citty";
import { commonArgs } from "../core/cli/flags.ts";
import { emitRecords } from "../core/cli/output.ts";
import { parseMarketsFlags } from "../core/markets/options.ts";
import { runMarkets } from "../core/markets/run.ts";

export default defineCommand({
  meta: {
    name: "markets",
    description: "Active crypto price markets from Gamma, classified (one `market` record each; unclassifiable ones skipped and counted)",
  },
  args: {
    ...commonArgs,
    symbols: { type: "string", description: "Only these bare symbols, e.g. BTC,ETH (default: all)", valueHint: "list" },
    kinds: { type: "string", description: "Only these kinds: updown, above, range, touch (default: all)", valueHint: "list" },
    "ends-within": { type: "string", description: "Only markets ending within this long, e.g. 30m, 2h (default: any end)", valueHint: "duration" },
    at: { type: "string", description: "Evaluate as of this time (ISO-8601 or epoch ms), for replays (default: now)", valueHint: "time" },
    books: { type: "boolean", description: "Attach each outcome's order book (batch /books, levels best-first)" },
    depth: { type: "string", description: "With --books: levels kept per side (default: all)", valueHint: "N" },
    "tag-id": { type: "string", description: "Only events with this Gamma tag id (default: any)", valueHint: "id" },
  },
  async run({ args }) {
    const options = parseMarketsFlags(args);
    await emitRecords(args, false, (emit) => runMarkets(options, emit));
  },
});
