/** `pm-arb trade auth` checks against the sandbox venue (real HTTP): each check passes or fails with its fix. */
import { describe, expect, test } from "bun:test";
import { Wallet } from "ethers";
import { RuntimeFailure, VenueError } from "../../../core/cli/errors.ts";
import { preflightChecks, runPreflight } from "../../../core/trade/preflight.ts";
import type { TestSandbox } from "../../helpers/sandbox.ts";
import { rejected } from "../../helpers/thrown.ts";
import { orderPosts, sandboxPerFile } from "./live-helpers.ts";

const sandbox = sandboxPerFile(41);
const poor = sandboxPerFile(42, { balance: "3" });

const env = (venue: TestSandbox, extra: Record<string, string> = {}) => ({ PM_ARB_SANDBOX_URL: venue.url, POLYMARKET_PRIVATE_KEY: Wallet.createRandom().privateKey, ...extra });
/** The checks on the sandbox by name, with no markets to discover. */
const checksOn = async (extra: Record<string, string> = {}) =>
  Object.fromEntries((await preflightChecks({}, { env: env(sandbox, extra), discover: async () => [] })).map((check) => [check.name, check]));

describe("trade auth (pre-flight doctor)", () => {
  test("a fresh, funded EOA wallet passes every check, and nothing is posted", async () => {
    const before = await orderPosts(sandbox);
    const lines: string[] = [];
    await runPreflight({}, { env: env(sandbox), write: (line) => lines.push(line) });
    expect(lines.filter((line) => line.startsWith("PASS")).map((line) => line.split(":")[0])).toEqual([
      "PASS  key format",
      "PASS  signer, funder and signature type",
      "PASS  API key",
      "PASS  closed-only / geoblock",
      "PASS  pUSD balance",
      "PASS  pUSD allowance",
      "PASS  market minimums",
    ]);
    expect(lines.at(-1)).toMatch(/all 7 checks passed; nothing was posted/);
    expect(await orderPosts(sandbox)).toBe(before);
  });

  test("a malformed key stops at the first check, without echoing it", async () => {
    const bad = `0x${"g".repeat(64)}`;
    const checks = await preflightChecks({}, { env: env(sandbox, { POLYMARKET_PRIVATE_KEY: bad }) });
    expect(checks).toHaveLength(1);
    expect(checks[0]!.ok).toBe(false);
    expect(checks[0]!.detail).not.toContain(bad);
    expect(checks[0]!.fix).toContain("POLYMARKET_PRIVATE_KEY");
  });

  test("the signature-type maze: an EOA with a foreign funder, a proxy whose funder is the signer", async () => {
    const eoa = await checksOn({ POLYMARKET_FUNDER: "0x1111111111111111111111111111111111111111" });
    expect(eoa["signer, funder and signature type"]!.ok).toBe(false);
    expect(eoa["signer, funder and signature type"]!.fix).toMatch(/unset POLYMARKET_FUNDER, or set POLYMARKET_SIGNATURE_TYPE=POLY_PROXY/);
    const key = Wallet.createRandom();
    const proxy = await checksOn({ POLYMARKET_PRIVATE_KEY: key.privateKey, POLYMARKET_SIGNATURE_TYPE: "POLY_PROXY", POLYMARKET_FUNDER: key.address });
    expect(proxy["signer, funder and signature type"]!.ok).toBe(false);
    expect(proxy["signer, funder and signature type"]!.fix).toMatch(/proxy\/Safe address that holds the pUSD/);
  });

  test("closed-only at the venue fails its check with the fix", async () => {
    await sandbox.admin.addFault("clob:403:path=/auth/ban-status,message=closed only");
    const checks = await checksOn();
    expect(checks["closed-only / geoblock"]!.ok).toBe(false);
    expect(checks["closed-only / geoblock"]!.fix).toMatch(/geo-blocked/);
  });

  test("a CLOB that fails is the venue's failure: its fix is to retry, not to change the key, and the doctor names it", async () => {
    await sandbox.admin.addFault("clob:html:path=/version");
    const checks = await checksOn();
    expect(checks["API key"]).toMatchObject({ ok: false, venue: "clob" });
    expect(checks["API key"]!.detail).toMatch(/GET \/version failed \(502\): an HTML page \(502 Bad Gateway\)/);
    expect(checks["API key"]!.fix).toMatch(/the CLOB at .* failed \(502\), not the key: retry later/);
    await sandbox.admin.clearFaults();
    await sandbox.admin.addFault("clob:503:path=/balance-allowance");
    const lines: string[] = [];
    const error = await rejected(VenueError, runPreflight({}, { env: env(sandbox), write: (line) => lines.push(line), discover: async () => [] }));
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe("clob: trade auth: 1 of 6 checks failed (pUSD balance and allowance); nothing was posted");
    expect(lines).toContainEqual(expect.stringMatching(/^FAIL {2}pUSD balance and allowance: clob: balance failed \(503\)/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {6}fix: the CLOB at .* failed \(503\), not the key/));
  });

  test("a key the CLOB refuses to derive an API key for is the key's problem (exit 1, no venue named)", async () => {
    await sandbox.admin.addFault("clob:401:path=/auth/");
    const checks = await checksOn();
    expect(checks["API key"]).toMatchObject({ ok: false });
    expect(checks["API key"]!.venue).toBeUndefined();
    expect(checks["API key"]!.detail).toMatch(/^config credentials: the CLOB would neither derive nor create API credentials .*\(401\)/);
    expect(checks["API key"]!.fix).toMatch(/check the key and the signature type/);
    const error = await rejected(RuntimeFailure, runPreflight({}, { env: env(sandbox), write: () => {}, discover: async () => [] }));
    expect(error.message).toMatch(/^trade auth: 1 of 3 checks failed \(API key\)/);
  });

  test("a balance below max_trade_size, and markets whose minimum order does not fit", async () => {
    const limits = { PM_ARB_MAX_TRADE_SIZE: "4", PM_ARB_MAX_MARKET_EXPOSURE: "4", PM_ARB_MAX_TOTAL_EXPOSURE: "4" };
    const checks = Object.fromEntries((await preflightChecks({}, { env: env(poor, limits) })).map((check) => [check.name, check]));
    expect(checks["pUSD balance"]!.ok).toBe(false);
    expect(checks["pUSD balance"]!.detail).toMatch(/^3 pUSD held by 0x[0-9a-fA-F]{40}, below max_trade_size 4/);
    expect(checks["market minimums"]!.ok).toBe(false);
    expect(checks["market minimums"]!.detail).toMatch(/need more than max_trade_size 4/);
  });
});
