/**
 * `pm-arb trade auth`: the pre-flight doctor. Posts nothing. Each check prints one PASS/FAIL line
 * with the fix; a failure exits 1, naming the venue when a venue failed, whose fix is then the
 * venue's, not the key's. The signature-type and wallet maze is the most common reason a first
 * live order fails, so it gets its own checks.
 */

import { isRefusal, statusOf } from "../adapters/polymarket/execution/session-errors.ts";
import { CONTRACTS } from "../adapters/polymarket/wire/contracts.ts";
import type { VenueSession } from "../adapters/venue.ts";
import { ConfigError, RuntimeFailure, VenueError } from "../cli/errors.ts";
import { durationFlag } from "../cli/flags.ts";
import type { Env } from "../config/env.ts";
import { loadConfig } from "../config/load.ts";
import type { Config } from "../config/schema.ts";
import { signatureTypeName } from "../config/signature-type.ts";
import { type Credentials, loadCredentials } from "../credentials.ts";
import { Decimal } from "../decimal.ts";
import { MIN_MARKET_BUY } from "../ledger/amounts.ts";
import { sandboxClock } from "./venue-clock.ts";

/** `venue`: the service whose failure failed the check (its error's venue), if one did. */
export type Check = { name: string; ok: boolean; detail: string; fix?: string; venue?: string };

export type PreflightOptions = { configPath?: string; timeout?: string };

export type PreflightDeps = { env?: Env; write?: (line: string) => void; discover?: (config: Config) => Promise<{ slug: string; minSize: Decimal }[]> };

const pass = (name: string, detail: string): Check => ({ name, ok: true, detail });
const fail = (name: string, detail: string, fix: string): Check => ({ name, ok: false, detail, fix });

const EXCHANGE_SPENDERS: string[] = [CONTRACTS.exchangeV2, CONTRACTS.negRiskExchangeV2];

async function discoverMinimums(config: Config): Promise<{ slug: string; minSize: Decimal }[]> {
  const { discoverMarkets } = await import("../markets/discover.ts");
  // Venue time: a sandbox's markets live on its simulated clock, not on this machine's.
  const now = config.sandbox_url ? (await sandboxClock(config.sandbox_url, config.request_timeout_ms)).now() : Date.now();
  const found = await discoverMarkets(
    { at: now, endsWithinMs: 24 * 3_600_000 },
    { gammaUrl: config.gamma_url, clobUrl: config.clob_url, timeoutMs: config.request_timeout_ms, now },
  );
  return found.markets.map((market) => ({ slug: market.slug, minSize: market.min_size }));
}

export async function preflightChecks(options: PreflightOptions, deps: PreflightDeps = {}): Promise<Check[]> {
  const env = deps.env ?? process.env;
  const checks: Check[] = [];
  const config = loadConfig({ configPath: options.configPath, env });
  const timeoutMs = options.timeout ? durationFlag("timeout", options.timeout) : config.request_timeout_ms;

  let credentials: Credentials;
  try {
    credentials = loadCredentials(env, { funder: config.funder, signature_type: config.signature_type });
    checks.push(pass("key format", "POLYMARKET_PRIVATE_KEY is 0x + 64 hex digits and a valid secp256k1 key"));
  } catch (error) {
    checks.push(fail("key format", (error as Error).message, "export POLYMARKET_PRIVATE_KEY=0x… (the wallet's key: 0x followed by 64 hex digits; never commit it)"));
    return checks;
  }

  const signer = await credentials.signerAddress();
  const type = credentials.signatureType;
  const funder = credentials.funder;
  const typeName = signatureTypeName(type);
  const wallet = "signer, funder and signature type";
  if (type === 0 && funder && funder.toLowerCase() !== signer.toLowerCase()) {
    const fix =
      "EOA orders spend the signer's own funds: unset POLYMARKET_FUNDER, or set POLYMARKET_SIGNATURE_TYPE=POLY_PROXY (email/Magic account) or POLY_GNOSIS_SAFE (browser-wallet account) with the funder shown on polymarket.com";
    checks.push(fail(wallet, `signature type EOA but a funder ${funder} different from the signer ${signer}`, fix));
  } else if (type !== 0 && funder && funder.toLowerCase() === signer.toLowerCase()) {
    const fix = "the funder is the proxy/Safe address that holds the pUSD (your Polymarket deposit address), not the key's own address; or use signature type EOA";
    checks.push(fail(wallet, `signature type ${typeName} with the funder equal to the signer ${signer}`, fix));
  } else {
    checks.push(pass(wallet, `signer ${signer}, funds held by ${funder ?? signer}, signature type ${typeName}`));
  }

  let session: VenueSession;
  try {
    const { openClobSession } = await import("../adapters/polymarket/execution/session.ts");
    session = await openClobSession({ clobUrl: config.clob_url, chainId: config.chain_id, credentials, timeoutMs });
    checks.push(pass("API key", `${session.derived ? "derived with an L1 signature" : "given in the environment"}: ${session.apiKey}`));
  } catch (error) {
    const keyFix = credentials.hasApiCreds
      ? "the POLYMARKET_API_KEY/SECRET/PASSPHRASE set may belong to another wallet or be revoked: unset them and let pm-arb derive them"
      : "check the key and the signature type (the CLOB would not derive an API key for it)";
    checks.push(failed("API key", error, (status) => (isRefusal(status) || error instanceof ConfigError ? keyFix : venueFix(config, status))));
    return checks;
  }

  try {
    const closed = await session.closedOnly();
    const name = "closed-only / geoblock";
    const fix = "closed-only is set by Polymarket (e.g. restricted region or compliance); nothing pm-arb can change — contact Polymarket";
    checks.push(
      closed ? fail(name, "the account is in closed-only mode: it may only reduce positions", fix) : pass(name, "the account may open positions and the CLOB answers from here"),
    );
  } catch (error) {
    checks.push(
      failed("closed-only / geoblock", error, (status) =>
        status === 401 || status === 403 ? "the CLOB refused this request: trading is geo-blocked from this location or the credentials are refused" : venueFix(config, status),
      ),
    );
  }

  try {
    const { balance, allowances } = await session.collateral();
    const limit = config.max_trade_size;
    const held = `${balance.toString()} pUSD held by ${session.maker}`;
    const deposit = `deposit pUSD to ${session.maker} (for proxy/Safe accounts that is the funder, not the signer)`;
    checks.push(balance.gte(limit) ? pass("pUSD balance", held) : fail("pUSD balance", `${held}, below max_trade_size ${limit.toString()}`, deposit));
    const approved = EXCHANGE_SPENDERS.filter((spender) => Object.entries(allowances).some(([key, value]) => key.toLowerCase() === spender.toLowerCase() && value.gt(0)));
    const missing = EXCHANGE_SPENDERS.filter((spender) => !approved.includes(spender));
    const approve = "approve pUSD for the V2 exchanges (enable trading once on polymarket.com, or send the approval transactions from the funder)";
    checks.push(
      missing.length === 0
        ? pass("pUSD allowance", "the CTF exchange and the neg-risk exchange may spend pUSD")
        : fail("pUSD allowance", `allowance missing for ${missing.join(", ")}`, approve),
    );
  } catch (error) {
    checks.push(
      failed("pUSD balance and allowance", error, (status) =>
        isRefusal(status) ? "the CLOB refused the balance query; check the signature type and funder (the venue reads the funder's balance)" : venueFix(config, status),
      ),
    );
  }

  try {
    const markets = await (deps.discover ?? discoverMinimums)(config);
    const tooBig = markets.filter((market) => market.minSize.times("0.99").gt(config.max_trade_size));
    const largest = markets.reduce((max, market) => Decimal.max(max, market.minSize), new Decimal(0));
    const limit = config.max_trade_size.toString();
    if (markets.length === 0) checks.push(pass("market minimums", "no active crypto markets ending within 24 h to check"));
    else if (tooBig.length > 0 || config.max_trade_size.lt(MIN_MARKET_BUY)) {
      const detail = `${tooBig.length} of ${markets.length} markets need more than max_trade_size ${limit} for their minimum order (largest minimum ${largest.toString()} shares)`;
      checks.push(fail("market minimums", detail, "raise max_trade_size or trade only markets whose minimum fits"));
    } else {
      checks.push(
        pass(
          "market minimums",
          `${markets.length} markets in scope; minimum order sizes up to ${largest.toString()} shares fit max_trade_size ${limit} (and the venue's $1 minimum for a marketable BUY)`,
        ),
      );
    }
  } catch (error) {
    checks.push(failed("market minimums", error, () => "market discovery failed: retry later, or check gamma_url and clob_url and the network"));
  }
  return checks;
}

/** A check failed by `error`, with the fix for its HTTP status (none when no answer came). */
function failed(name: string, error: unknown, fix: (status: number | undefined) => string): Check {
  const venue = error instanceof VenueError ? error.venue : undefined;
  return { name, ok: false, detail: (error as Error).message ?? String(error), fix: fix(statusOf(error)), ...(venue ? { venue } : {}) };
}

/** The fix when the CLOB itself failed: nothing in the key or the wallet to change. */
function venueFix(config: Config, status: number | undefined): string {
  if (status === 429) return "the CLOB is rate limiting this address: wait a minute and run pm-arb trade auth again";
  return `the CLOB at ${config.clob_url} failed${status ? ` (${status})` : " to answer"}, not the key: retry later (status.polymarket.com), or check clob_url and the network`;
}

/** Prints every check; throws (exit 1, naming the venue when one failed) when any failed. */
export async function runPreflight(options: PreflightOptions, deps: PreflightDeps = {}): Promise<void> {
  const write = deps.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const checks = await preflightChecks(options, deps);
  for (const check of checks) {
    write(`${check.ok ? "PASS" : "FAIL"}  ${check.name}: ${check.detail}`);
    if (!check.ok && check.fix) write(`      fix: ${check.fix}`);
  }
  const failures = checks.filter((check) => !check.ok);
  if (failures.length === 0) {
    write(`all ${checks.length} checks passed; nothing was posted`);
    return;
  }
  const summary = `trade auth: ${failures.length} of ${checks.length} checks failed (${failures.map((check) => check.name).join(", ")}); nothing was posted`;
  const venue = failures.find((check) => check.venue)?.venue;
  throw venue ? new VenueError(venue, summary) : new RuntimeFailure(summary);
}
