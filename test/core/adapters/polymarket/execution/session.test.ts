/**
 * The live session's direct order path on the sandbox venue (real HTTP on 127.0.0.1, every
 * signature verified): signing asks the venue nothing, and the venue accepts and matches the
 * orders — EOA, proxy and deposit-wallet signatures, neg-risk markets, FOK and FAK — under the id
 * pm-arb computed before sending.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { dirname } from "node:path";
import { openClobSession } from "../../../../../core/adapters/polymarket/execution/session.ts";
import type { VenueSession } from "../../../../../core/adapters/venue.ts";
import { Credentials } from "../../../../../core/credentials.ts";
import { Decimal } from "../../../../../core/decimal.ts";
import { type OrderIntent, planIntent } from "../../../../../core/ledger/intent.ts";
import { proxyWalletOf } from "../../../../../sandbox/clob/own-wallets.ts";
import type { SandboxMarket } from "../../../../../sandbox/types.ts";
import { candidateFor, liveSession, sandboxPerFile, tradableMarkets } from "../../../trade/live-helpers.ts";

const sandbox = sandboxPerFile(41);
let markets: SandboxMarket[];
beforeAll(() => {
  markets = tradableMarkets(sandbox);
});

function intentFor(market: SandboxMarket, id: string, orderType: "FOK" | "FAK" = "FOK"): OrderIntent {
  const planned = planIntent(candidateFor(sandbox, market, { id }), new Decimal("5"), { mode: "live", orderType });
  if (!planned.ok) throw new Error(planned.error);
  return planned.value;
}

async function requests(): Promise<number> {
  return Object.values(await sandbox.admin.counters()).reduce((sum, counter) => sum + counter.requests, 0);
}

async function sessionFor(signatureType: 0 | 1 | 3): Promise<VenueSession> {
  const wallet = await sandbox.fundedWallet();
  // A proxy order's funder is the signer's own proxy, as the venue derives it; a deposit wallet is linked on first use.
  const funder = signatureType === 0 ? undefined : signatureType === 1 ? proxyWalletOf(wallet.address) : (await import("ethers")).Wallet.createRandom().address;
  const credentials = new Credentials(wallet.privateKey, { key: wallet.creds!.apiKey, secret: wallet.creds!.secret, passphrase: wallet.creds!.passphrase }, funder, signatureType);
  return openClobSession({ clobUrl: `${sandbox.url}/clob`, chainId: 137, credentials, timeoutMs: 2_000 });
}

describe("direct signing on the sandbox", () => {
  test("preparing and signing a first order on a new token makes no request; the venue matches it under the id known before signing", async () => {
    const { session } = await liveSession(sandbox);
    const intent = intentFor(markets[0]!, "opp_direct_1");
    const before = await requests();
    const prepared = session.prepareMarketBuy(intent);
    const signed = session.signMarketBuy(prepared);
    expect(await requests()).toBe(before);
    expect(signed.orderId).toBe(prepared.orderId);
    expect(signed.makerAmount.eq(intent.budget) && signed.takerAmount.eq(intent.takerAmount)).toBe(true);
    const outcome = await session.post(signed);
    expect(outcome).toMatchObject({ kind: "answer", httpStatus: 200, body: { success: true, status: "matched", orderID: signed.orderId } });
  });

  test("proxy and deposit-wallet (POLY_1271) orders spend the funder's balance", async () => {
    for (const [type, index] of [
      [1, 1],
      [3, 2],
    ] as const) {
      const session = await sessionFor(type);
      expect(session.maker).not.toBe(session.signer);
      const signed = session.signMarketBuy(session.prepareMarketBuy(intentFor(markets[index]!, `opp_direct_type_${type}`)));
      const outcome = await session.post(signed);
      expect(outcome).toMatchObject({ kind: "answer", httpStatus: 200, body: { success: true, status: "matched", orderID: signed.orderId } });
      const trades = await session.trades({});
      expect(trades.length).toBeGreaterThan(0);
    }
  });

  test("a neg-risk market's order verifies against the neg-risk exchange (and only there); FAK goes through", async () => {
    const { session } = await liveSession(sandbox);
    const market = markets[3]!;
    market.negRisk = true;
    try {
      const right = session.signMarketBuy(session.prepareMarketBuy(intentFor(market, "opp_direct_negrisk", "FAK")));
      expect(JSON.parse(right.body).orderType).toBe("FAK");
      expect(await session.post(right)).toMatchObject({ kind: "answer", httpStatus: 200, body: { success: true, orderID: right.orderId } });
      const wrong = session.signMarketBuy(session.prepareMarketBuy({ ...intentFor(market, "opp_direct_negrisk_wrong"), negRisk: false }));
      expect(await session.post(wrong)).toMatchObject({ kind: "answer", httpStatus: 400, body: { error: "invalid signature" } });
    } finally {
      market.negRisk = false;
    }
  });
});

describe("the session's requests", () => {
  test("opening a session (API key derived with L1) leaves the axios instance the official client sends through as it was", async () => {
    // The axios module the client itself resolves, not one of our own.
    const clientDir = dirname(Bun.resolveSync("@polymarket/clob-client-v2", import.meta.dir));
    const axios = (await import(Bun.resolveSync("axios", clientDir))).default as { defaults: Record<string, unknown> };
    const before = { ...axios.defaults };
    const wallet = await sandbox.fundedWallet();
    const session = await openClobSession({
      clobUrl: `${sandbox.url}/clob`,
      chainId: 137,
      credentials: new Credentials(wallet.privateKey, undefined, undefined, 0),
      timeoutMs: 1_234,
    });
    expect(session.derived).toBe(true);
    expect(await session.closedOnly()).toBe(false);
    expect(axios.defaults).toEqual(before);
  });

  test("a read the venue holds back ends at the session's timeout, with a reason", async () => {
    const { credentials } = await liveSession(sandbox);
    const session = await openClobSession({ clobUrl: `${sandbox.url}/clob`, chainId: 137, credentials, timeoutMs: 300 });
    await sandbox.admin.addFault("clob:timeout:path=/data/trades,ms=60000,count=1");
    await expect(session.trades({})).rejects.toThrow("trades failed: no answer within 300 ms");
    await sandbox.admin.clearFaults();
    expect(await session.trades({})).toEqual([]);
  });
});
