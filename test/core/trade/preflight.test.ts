/** `pm-arb trade auth` checks against the sandbox venue (real HTTP): each check passes or fails with its fix. */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Wallet } from "ethers";
import { RuntimeFailure, VenueError } from "../../../core/cli/errors.ts";
import { type Check, preflightChecks, runPreflight } from "../../../core/trade/preflight.ts";
import { startTestSandbox, type TestSandbox } from "../../helpers/sandbox.ts";
import { rejected } from "../../helpers/thrown.ts";

let sandbox: TestSandbox;
let poor: TestSandbox;

beforeAll(async () => {
  [sandbox, poor] = await Promise.all([
    startTestSandbox({ seed: 41, startAt: Date.UTC(2026, 10, 25, 12, 3, 0) }),
    startTestSandbox({ seed: 42, balance: "3", startAt: Date.UTC(2026, 10, 25, 12, 3, 0) }),
  ]);
});
afterAll(() => Promise.all([sandbox.stop(), poor.stop()]));

const env = (venue: TestSandbox, extra: Record<string, string> = {}) => ({ PM_ARB_SANDBOX_URL: venue.url, POLYMARKET_PRIVATE_KEY: Wallet.createRandom().privateKey, ...extra });
const byName = (checks: Check[]) => Object.fromEntries(checks.map((check) => [check.name, check]));

describe("trade auth (pre-flight doctor)", () => {
  test("a fresh, funded EOA wallet passes every check, and nothing is posted", async () => {
    const before = (await sandbox.admin.counters())["/clob/order"]?.requests ?? 0;
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
    expect((await sandbox.admin.counters())["/clob/order"]?.requests ?? 0).toBe(before);
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
    const eoa = byName(await preflightChecks({}, { env: env(sandbox, { POLYMARKET_FUNDER: "0x1111111111111111111111111111111111111111" }), discover: async () => [] }));
    expect(eoa["signer, funder and signature type"]!.ok).toBe(false);
    expect(eoa["signer, funder and signature type"]!.fix).toMatch(/unset POLYMARKET_FUNDER, or set POLYMARKET_SIGNATURE_TYPE=POLY_PROXY/);
    const key = Wallet.createRandom();
    const proxy = byName(
      await preflightChecks(
        {},
        { env: env(sandbox, { POLYMARKET_PRIVATE_KEY: key.privateKey, POLYMARKET_SIGNATURE_TYPE: "POLY_PROXY", POLYMARKET_FUNDER: key.address }), discover: async () => [] },
      ),
    );
    expect(proxy["signer, funder and signature type"]!.ok).toBe(false);
    expect(proxy["signer, funder and signature type"]!.fix).toMatch(/proxy\/Safe address that holds the pUSD/);
  });

  test("closed-only at the venue fails its check with the fix", async () => {
    await sandbox.admin.addFault("clob:403:path=/auth/ban-status,message=closed only");
    try {
      const checks = byName(await preflightChecks({}, { env: env(sandbox), discover: async () => [] }));
      expect(checks["closed-only / geoblock"]!.ok).toBe(false);
      expect(checks["closed-only / geoblock"]!.fix).toMatch(/geo-blocked/);
    } finally {
      await sandbox.admin.clearFaults();
    }
  });

  test("a CLOB that fails is the venue's failure: its fix is to retry, not to change the key, and the doctor names it", async () => {
    await sandbox.admin.addFault("clob:html:path=/version");
    try {
      const checks = byName(await preflightChecks({}, { env: env(sandbox), discover: async () => [] }));
      expect(checks["API key"]).toMatchObject({ ok: false, venue: "clob" });
      expect(checks["API key"]!.detail).toMatch(/GET \/version failed \(502\): an HTML page \(502 Bad Gateway\)/);
      expect(checks["API key"]!.fix).toMatch(/the CLOB at .* failed \(502\), not the key: retry later/);
    } finally {
      await sandbox.admin.clearFaults();
    }
    await sandbox.admin.addFault("clob:503:path=/balance-allowance");
    const lines: string[] = [];
    try {
      const error = await rejected(VenueError, runPreflight({}, { env: env(sandbox), write: (line) => lines.push(line), discover: async () => [] }));
      expect(error.exitCode).toBe(1);
      expect(error.message).toBe("clob: trade auth: 1 of 6 checks failed (pUSD balance and allowance); nothing was posted");
    } finally {
      await sandbox.admin.clearFaults();
    }
    expect(lines).toContainEqual(expect.stringMatching(/^FAIL {2}pUSD balance and allowance: clob: balance failed \(503\)/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {6}fix: the CLOB at .* failed \(503\), not the key/));
  });

  test("a key the CLOB refuses to derive an API key for is the key's problem (exit 1, no venue named)", async () => {
    await sandbox.admin.addFault("clob:401:path=/auth/");
    try {
      const checks = byName(await preflightChecks({}, { env: env(sandbox), discover: async () => [] }));
      expect(checks["API key"]).toMatchObject({ ok: false });
      expect(checks["API key"]!.venue).toBeUndefined();
      expect(checks["API key"]!.detail).toMatch(/^config credentials: the CLOB would neither derive nor create API credentials .*\(401\)/);
      expect(checks["API key"]!.fix).toMatch(/check the key and the signature type/);
      const error = await rejected(RuntimeFailure, runPreflight({}, { env: env(sandbox), write: () => {}, discover: async () => [] }));
      expect(error.message).toMatch(/^trade auth: 1 of 3 checks failed \(API key\)/);
    } finally {
      await sandbox.admin.clearFaults();
    }
  });

  test("a balance below max_trade_size, and markets whose minimum order does not fit", async () => {
    const checks = byName(await preflightChecks({}, { env: env(poor, { PM_ARB_MAX_TRADE_SIZE: "4", PM_ARB_MAX_MARKET_EXPOSURE: "4", PM_ARB_MAX_TOTAL_EXPOSURE: "4" }) }));
    expect(checks["pUSD balance"]!.ok).toBe(false);
    expect(checks["pUSD balance"]!.detail).toMatch(/^3 pUSD held by 0x[0-9a-fA-F]{40}, below max_trade_size 4/);
    expect(checks["market minimums"]!.ok).toBe(false);
    expect(checks["market minimums"]!.detail).toMatch(/need more than max_trade_size 4/);
  });
});
