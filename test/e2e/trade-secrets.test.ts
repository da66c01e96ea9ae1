/**
 * Secrets never leave: a live session on the sandbox — the pre-flight doctor, orders that fill, a
 * rate-limit failure, a ghost fill reversed and alerted, refused credentials, positions against the
 * Data API, and a run deriving its API key — with every output captured: stdout, stderr (verbose),
 * the store's files (database, WAL, shared memory) and every alert payload a webhook received.
 * None holds the private key, an API secret or a passphrase.
 */

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { Wallet } from "ethers";
import type { CliResult } from "../helpers/cli.ts";
import { withFault } from "../helpers/sandbox.ts";
import { sandboxClobClient } from "../helpers/sandbox-wallet.ts";
import { storeRows } from "../helpers/store.ts";
import { tempDb } from "../helpers/temp.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../helpers/webhook-receiver.ts";
import { cli, liveEnv, records, useFrozenVenue } from "./trade-helpers.ts";

const venue = useFrozenVenue(21);
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.stop());

describe("secrets in a live run", () => {
  test("no private key, API secret or passphrase in stdout, stderr, the store or alert payloads", async () => {
    const wallet = await venue.sandbox.fundedWallet();
    const derived = await sandboxClobClient(venue.sandbox.url, new Wallet(wallet.privateKey)).deriveApiKey();
    const db = tempDb("secrets");
    const given = { POLYMARKET_API_KEY: wallet.creds!.apiKey, POLYMARKET_SECRET: wallet.creds!.secret, POLYMARKET_PASSPHRASE: wallet.creds!.passphrase };
    const env = liveEnv(venue, db, wallet, { ...given, PM_ARB_WEBHOOK_URL: receiver.url("/hook") });
    const outputs: string[] = [];
    const run = async (args: string[], stdin?: string, extra: Record<string, string> = {}) => {
      const result = await cli([...args, "--verbose"], { ...env, ...extra }, stdin);
      outputs.push(result.stdout, result.stderr);
      return result;
    };

    expect((await run(["trade", "auth"])).code).toBe(0);
    // One opportunity per step, each under its own fault, so no step depends on how many the
    // venue's minute offers or on which order a fault happens to meet.
    const opportunity = (id: string) => JSON.stringify({ ...JSON.parse(venue.opportunities[0]!), id });
    const outcomes = (result: CliResult) => records(result, "order").map((order) => `${order.status}: ${order.reason ?? ""}`);
    // A store of its own: the 429 holds that store's orders for the second it asks for.
    const limitedDb = tempDb("secrets-429");
    const limited = await withFault(venue.sandbox, "clob:429:path=/order,count=1,retry_after=1", () =>
      run(["trade", "--live", "--json", "--settle-timeout", "0s"], opportunity("opp_00000000000000000000001a"), { PM_ARB_DB: limitedDb }),
    );
    expect(outcomes(limited)).toEqual([expect.stringMatching(/^failed: .*\(429\)/)]);
    const ghosted = await withFault(venue.sandbox, "clob:ghost-fill:path=/order", () =>
      run(["trade", "--live", "--json", "--settle-timeout", "0s"], opportunity("opp_00000000000000000000001b")),
    );
    expect(outcomes(ghosted)).toEqual([expect.stringMatching(/^filled: /)]);
    await venue.sandbox.admin.advance(7_000);
    const reconciled = await run(["trade", "--live", "--json", "--settle-timeout", "0s"], "");
    expect(outcomes(reconciled)).toContainEqual(expect.stringMatching(/^failed: ghost fill/));
    await run(["positions", "--live", "--json"]);
    await run(["positions", "--orders", "--live", "--json"]);
    await run(["positions", "--fills", "--live", "--json"]);
    await run(["positions", "--summary", "--live", "--json"]);
    // Refused credentials: the errors name the problem, not the values.
    const wrong = { POLYMARKET_SECRET: Buffer.from("a wrong secret value").toString("base64"), POLYMARKET_PASSPHRASE: "a-wrong-passphrase-value" };
    const refused = await run(["trade", "--live", "--json"], opportunity("opp_0000000000000000000000aa"), wrong);
    expect(records(refused, "order")[0]?.status).toBe("failed");
    // And a run that derives its API key with L1.
    await run(["trade", "--live", "--json", "--settle-timeout", "0s"], opportunity("opp_0000000000000000000000bb"), {
      POLYMARKET_API_KEY: "",
      POLYMARKET_SECRET: "",
      POLYMARKET_PASSPHRASE: "",
    });

    const store = [db, limitedDb]
      .flatMap((file) => ["", "-wal", "-shm"].map((suffix) => `${file}${suffix}`))
      .filter((path) => existsSync(path))
      .map((path) => readFileSync(path).toString("latin1"));
    const alerts = receiver.requests.map((request) => `${request.path} ${JSON.stringify(request.headers)} ${request.text}`);
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.some((text) => text.includes("ghost_fill"))).toBe(true);

    const key = wallet.privateKey.toLowerCase();
    const secrets = [key, key.slice(2), wallet.creds!.secret, wallet.creds!.passphrase, derived.secret, derived.passphrase, wrong.POLYMARKET_SECRET, wrong.POLYMARKET_PASSPHRASE];
    const haystacks: [string, string][] = [
      ...outputs.map((text, i) => [`${i % 2 === 0 ? "stdout" : "stderr"} #${Math.floor(i / 2)}`, text] as [string, string]),
      ...store.map((text, i) => [`store file #${i}`, text] as [string, string]),
      ...alerts.map((text, i) => [`alert payload #${i}`, text] as [string, string]),
    ];
    for (const [where, text] of haystacks) {
      const lower = text.toLowerCase();
      for (const secret of secrets) expect({ where, leaked: lower.includes(secret.toLowerCase()) }).toEqual({ where, leaked: false });
    }
    // The API key itself is only ever shown cut to 4 characters.
    for (const text of outputs) expect(text.includes(wallet.creds!.apiKey)).toBe(false);
    // The check can fail: the secrets are really there to be found in what the test fed in.
    expect(JSON.stringify(env).includes(wallet.creds!.secret)).toBe(true);
  }, 90_000);
});

/** Every run of `length` characters of each value (lower case): what must not appear anywhere. */
function pieces(values: readonly string[], length: number): string[] {
  return values.flatMap((value) => Array.from({ length: Math.max(0, value.length - length + 1) }, (_, i) => value.slice(i, i + length).toLowerCase()));
}

describe("a proxy that echoes the request's headers", () => {
  test("no piece of the API key, passphrase or signature reaches stdout, stderr, the store or an alert", async () => {
    const wallet = await venue.sandbox.fundedWallet();
    const db = tempDb("echo");
    const creds = wallet.creds!;
    const env = liveEnv(venue, db, wallet, {
      POLYMARKET_API_KEY: creds.apiKey,
      POLYMARKET_SECRET: creds.secret,
      POLYMARKET_PASSPHRASE: creds.passphrase,
      PM_ARB_WEBHOOK_URL: receiver.url("/echo"),
    });
    const outputs: string[] = [];
    const reasons: string[] = [];
    // The whole headers, then each cut to 16 characters (a piece the old cut-then-redact kept).
    for (const [i, cut] of ["", ",cut=16"].entries()) {
      const opportunity = JSON.stringify({ ...JSON.parse(venue.opportunities[0]!), id: `opp_00000000000000000000ec${i}0` });
      const result = await withFault(venue.sandbox, `clob:echo-headers:path=/order,count=1${cut}`, () =>
        cli(["trade", "--live", "--json", "--verbose", "--settle-timeout", "0s"], env, opportunity),
      );
      outputs.push(result.stdout, result.stderr);
      const [order] = records(result, "order");
      expect(order?.status).toBe("rejected");
      expect(order?.reason).toMatch(/proxy; it saw .*poly_api_key=\*\*\*/);
      reasons.push(order!.reason);
    }
    const kept = storeRows<{ reason: string; venue_response: string }>(db, "SELECT reason, venue_response FROM orders");
    expect(kept).toHaveLength(2);
    const alerts = receiver.requests.filter((request) => request.path === "/echo").map((request) => request.text);
    expect(alerts.length).toBeGreaterThan(0);

    const secrets = [creds.apiKey, creds.passphrase, creds.secret];
    // Where the echo went, not one run of six characters of a secret survives.
    const echoed = [...reasons, ...kept.flatMap((row) => [row.reason, row.venue_response]), ...alerts].join("\n").toLowerCase();
    for (const piece of pieces(secrets, 6)) expect({ piece, found: echoed.includes(piece) }).toEqual({ piece, found: false });
    // Anywhere at all (ids and hashes fill these, so runs of ten: a chance match is ~1e-5).
    const files = ["", "-wal", "-shm"]
      .map((suffix) => `${db}${suffix}`)
      .filter((path) => existsSync(path))
      .map((path) => readFileSync(path).toString("latin1"));
    const everything = [...outputs, ...files].join("\n").toLowerCase();
    for (const piece of pieces(secrets, 10)) expect({ piece, found: everything.includes(piece) }).toEqual({ piece, found: false });
    // The check can fail: the venue really was sent them.
    expect(kept.some((row) => row.venue_response.includes("poly_passphrase"))).toBe(true);
    // This request's own signature went with them, and is gone too.
    for (const row of kept) expect(JSON.parse(row.venue_response).request.headers.poly_signature).toBe("***");
  }, 60_000);
});
