import { describe, expect, test } from "bun:test";
import { AssetType, ClobClient, createL1Headers, createL2Headers, getContractConfig } from "@polymarket/clob-client-v2";
import { Wallet } from "ethers";
import { CONTRACTS } from "../../../core/adapters/polymarket/wire/contracts.ts";
import { clobSigner, deriveTestCreds, newTestWallet, sandboxClobClient } from "../../helpers/sandbox-wallet.ts";
import { openWindow, useClobSandbox } from "./venue.ts";

const venue = useClobSandbox({ seed: 11, balance: "250" });

type Headers = Record<string, string | number | boolean>;

/** The venue's error answer. */
const refusal = (status: number, error: string) => ({ status, body: { error } });

async function raw(path: string, init: { method: string; headers: Headers; body?: string }) {
  const response = await fetch(`${venue.url}/clob${path}`, { ...init, headers: Object.fromEntries(Object.entries(init.headers).map(([k, v]) => [k, String(v)])) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("contract facts", () => {
  test("addresses match the official client's chain-137 config", () => {
    const config = getContractConfig(137);
    const ours: Record<string, string> = CONTRACTS;
    expect(ours.exchangeV2).toBe(config.exchangeV2);
    expect(ours.negRiskExchangeV2).toBe(config.negRiskExchangeV2);
    expect(ours.exchangeV1).toBe(config.exchange);
    expect(ours.negRiskExchangeV1).toBe(config.negRiskExchange);
    expect(ours.negRiskAdapter).toBe(config.negRiskAdapter);
  });
});

describe("L1: API keys", () => {
  test("a raw ethers v6 Wallet is mistaken for a viem client; the adapter works", async () => {
    const wallet = Wallet.createRandom();
    const bare = new ClobClient({ host: `${venue.url}/clob`, chain: 137, signer: wallet as never });
    await expect(bare.createApiKey()).rejects.toThrow("wallet client is missing account address");
    const creds = await deriveTestCreds(venue.url, wallet);
    expect(creds.key).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("one key per nonce, as live: create once, derive it after, createOrDerive always the same", async () => {
    const wallet = newTestWallet();
    const client = sandboxClobClient(venue.url, wallet);
    expect(await client.deriveApiKey()).toEqual({ key: undefined, secret: undefined, passphrase: undefined } as never);
    expect(await raw("/auth/derive-api-key", { method: "GET", headers: await createL1Headers(clobSigner(wallet), 137) })).toEqual(refusal(400, "Could not derive api key!"));
    const created = await client.createApiKey();
    expect(created.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(await raw("/auth/api-key", { method: "POST", headers: await createL1Headers(clobSigner(wallet), 137) })).toEqual(refusal(400, "Could not create api key"));
    expect(await client.deriveApiKey()).toEqual(created);
    expect(await client.createOrDeriveApiKey()).toEqual(created);
    expect(await client.createOrDeriveApiKey()).toEqual(created);
    const otherNonce = await client.createApiKey(1);
    expect(otherNonce.key).not.toBe(created.key);
    expect(await client.deriveApiKey(1)).toEqual(otherNonce);
    for (const creds of [created, otherNonce]) {
      const keys = await sandboxClobClient(venue.url, wallet, creds).getApiKeys();
      expect(keys.apiKeys).toContain(creds.key as never);
    }
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]+=*$/);
    expect(created.passphrase).toMatch(/^[0-9a-f]{64}$/);
  });

  test("a deleted key stops working and frees its nonce for a new one", async () => {
    const wallet = newTestWallet();
    const created = await deriveTestCreds(venue.url, wallet);
    const authed = sandboxClobClient(venue.url, wallet, created);
    expect(await authed.deleteApiKey()).toBe("OK");
    expect(((await authed.getApiKeys()) as unknown as { status: number }).status).toBe(401);
    const fresh = await deriveTestCreds(venue.url, wallet);
    expect(fresh.key).not.toBe(created.key);
    expect(await sandboxClobClient(venue.url, wallet).deriveApiKey()).toEqual(fresh);
  });

  test("a signature by another key, or a stale timestamp, is refused", async () => {
    const wallet = newTestWallet();
    const other = newTestWallet();
    const forged = { ...(await createL1Headers(clobSigner(other), 137)), POLY_ADDRESS: wallet.address };
    expect(await raw("/auth/derive-api-key", { method: "GET", headers: forged })).toEqual(refusal(401, "Invalid L1 Request headers"));
    const longAgo = Math.floor(Math.min(Date.now(), venue.app.clock.now()) / 1000) - 86_400;
    const stale = await createL1Headers(clobSigner(wallet), 137, 0, longAgo);
    expect((await raw("/auth/api-key", { method: "POST", headers: stale })).status).toBe(401);
    const good = await createL1Headers(clobSigner(wallet), 137, 0, Math.floor(venue.app.clock.now() / 1000));
    expect((await raw("/auth/api-key", { method: "POST", headers: good })).status).toBe(200);
  });

  test("the test sandbox's fundedWallet() comes with working API credentials", async () => {
    const funded = await venue.fundedWallet();
    expect(funded.creds).toBeDefined();
    const { apiKey: key, secret, passphrase } = funded.creds!;
    const client = sandboxClobClient(venue.url, new Wallet(funded.privateKey), { key, secret, passphrase });
    expect((await client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL })).balance).toBe("250000000");
  });

  test("a new wallet starts with the sandbox balance in pUSD, allowances granted", async () => {
    const wallet = newTestWallet();
    const client = sandboxClobClient(venue.url, wallet, await deriveTestCreds(venue.url, wallet));
    const collateral = await client.getBalanceAllowance({ asset_type: AssetType.COLLATERAL });
    expect(collateral.balance).toBe("250000000");
    expect(Object.keys(collateral.allowances)).toContain(CONTRACTS.exchangeV2);
    const tokens = await client.getBalanceAllowance({ asset_type: AssetType.CONDITIONAL, token_id: openWindow(venue, "15m").tokenIds[0] });
    expect(tokens.balance).toBe("0");
  });
});

describe("L2: request signatures", () => {
  const unauthorized = refusal(401, "Unauthorized/Invalid api key");

  test("headers exactly as the client signs them pass; the path is signed without the query", async () => {
    const wallet = newTestWallet();
    const creds = await deriveTestCreds(venue.url, wallet);
    const signer = clobSigner(wallet);
    const headers = await createL2Headers(signer, creds, { method: "GET", requestPath: "/data/trades" });
    expect((await raw("/data/trades?next_cursor=MA==", { method: "GET", headers })).status).toBe(200);
    const withQuery = await createL2Headers(signer, creds, { method: "GET", requestPath: "/data/trades?next_cursor=MA==" });
    expect(await raw("/data/trades?next_cursor=MA==", { method: "GET", headers: withQuery })).toEqual(unauthorized);
  });

  test("tampered HMAC, wrong passphrase, unknown key, another address's key, tampered body → 401", async () => {
    const wallet = newTestWallet();
    const other = newTestWallet();
    const creds = await deriveTestCreds(venue.url, wallet);
    const otherCreds = await deriveTestCreds(venue.url, other);
    const body = JSON.stringify({ orderID: "0xabc" });
    const valid = await createL2Headers(clobSigner(wallet), creds, { method: "DELETE", requestPath: "/order", body });
    const send = (headers: Headers, text = body) => raw("/order", { method: "DELETE", headers, body: text });
    expect((await send(valid)).status).toBe(200);
    const signature = valid.POLY_SIGNATURE;
    const flipped = (signature[0] === "A" ? "B" : "A") + signature.slice(1);
    expect(await send({ ...valid, POLY_SIGNATURE: flipped })).toEqual(unauthorized);
    expect(await send({ ...valid, POLY_PASSPHRASE: otherCreds.passphrase })).toEqual(unauthorized);
    expect(await send({ ...valid, POLY_API_KEY: "00000000-0000-4000-a000-000000000000" })).toEqual(unauthorized);
    const foreign = await createL2Headers(clobSigner(wallet), otherCreds, { method: "DELETE", requestPath: "/order", body });
    expect(await send(foreign)).toEqual(unauthorized);
    expect(await send(valid, JSON.stringify({ orderID: "0xabd" }))).toEqual(unauthorized);
  });
});
