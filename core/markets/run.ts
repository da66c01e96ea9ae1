/** `pm-arb markets`: one `market` record per classified market; a summary and progress on stderr. */

import type { GammaProgress } from "../adapters/polymarket/gamma/client.ts";
import { isVerbose, log } from "../cli/log.ts";
import { type RecordEnvelope, stamp } from "../cli/output.ts";
import { type Progress, progress } from "../cli/progress.ts";
import { loadConfig } from "../config/load.ts";
import { type DiscoverDeps, type Discovery, discoverMarkets } from "./discover.ts";
import { marketFields } from "./market-record.ts";
import type { MarketsOptions } from "./options.ts";

/** The discovery in progress; its line is cleared by `reportDiscovery`. */
let discoveryBar: Progress | undefined;

/** Discovery's paging as progress on stderr (core/cli/progress.ts), once it has run for a second. */
export function progressReporter(): (progress: GammaProgress) => void {
  const bar = progress("gamma");
  discoveryBar = bar;
  return (page) => bar.update(`${page.pages} pages, ${page.events} events, ${page.rows} market rows so far (${page.listing})`);
}

/** The service endpoints discovery needs, from the configuration. */
function discoverDeps(configPath?: string): DiscoverDeps {
  const config = loadConfig({ configPath });
  return { gammaUrl: config.gamma_url, clobUrl: config.clob_url, timeoutMs: Math.max(config.request_timeout_ms, 5000), onProgress: progressReporter() };
}

/** The stderr summary of a discovery: counts always, the skipped markets' reasons with --verbose. */
export function reportDiscovery(discovery: Discovery): void {
  discoveryBar?.done();
  discoveryBar = undefined;
  for (const problem of discovery.malformed) log().warn(`gamma: malformed market row skipped: ${problem}`);
  if (discovery.bookProblems.length > 0)
    log().warn(`clob: ${discovery.bookProblems.length} book problems (${discovery.bookProblems.slice(0, 3).join("; ")}${discovery.bookProblems.length > 3 ? "; …" : ""})`);
  if (isVerbose()) for (const skipped of discovery.skipped) log().debug(`skipped ${skipped.slug} ("${skipped.question}"): ${skipped.reason}`);
  const books = discovery.requests.books > 0 ? `, ${discovery.requests.books} /books requests` : "";
  log().info(
    `markets: ${discovery.markets.length} classified, ${discovery.skipped.length} skipped as unclassifiable${discovery.skipped.length && !isVerbose() ? " (--verbose lists them)" : ""}, ${discovery.malformed.length} malformed, ${discovery.closed} closed, ${discovery.filtered} filtered out; ${discovery.rows} rows from ${discovery.requests.gamma} Gamma pages${books}`,
  );
}

export async function runMarkets(
  options: MarketsOptions,
  emit: (record: RecordEnvelope & Record<string, unknown>) => void,
  deps: DiscoverDeps = discoverDeps(options.configPath),
): Promise<Discovery> {
  const at = options.at ?? Date.now();
  const discovery = await discoverMarkets(
    { at, symbols: options.symbols, kinds: options.kinds, endsWithinMs: options.endsWithinMs, books: options.books, depth: options.depth, tagId: options.tagId },
    deps,
  );
  reportDiscovery(discovery);
  const stampTime = new Date();
  for (const market of discovery.markets) emit(stamp("market", marketFields(market), stampTime));
  if (discovery.markets.length === 0)
    log().warn(discovery.rows === 0 ? "markets: Gamma listed no markets for these filters" : "markets: no crypto price market matched the filters");
  return discovery;
}
