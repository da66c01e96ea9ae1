/**
 * API-key endpoints: `POST /auth/api-key` (create) and `GET /auth/derive-api-key` (derive) behind L1
 * headers, as live: a nonce has one key, so creating it twice answers 400 "Could not create api
 * key" and deriving before it exists 400 "Could not derive api key!" — the official client's
 * `createOrDeriveApiKey` then returns the same credentials every time. Listing and deleting keys and
 * the closed-only status behind L2, and the other kinds of key a wallet can mint with L2: read-only
 * keys (`/auth/readonly-api-key(s)`: minted, listed, deleted; not accepted for L2 here) and its
 * builder key (`/auth/builder-api-key`: one per wallet, listed with `createdAt`/`revokedAt`).
 */
import { type ApiKey, CREATE_KEY_ERROR, DERIVE_KEY_ERROR, L1_ERROR, verifyL1 } from "./auth.ts";
import { authedRoutes, type Clob, clocks, parseBody, venueError } from "./http.ts";

export function registerAuthRoutes(clob: Clob): void {
  const { app, ex } = clob;
  const authed = authedRoutes(clob);

  const l1 = (method: string, path: string, refusal: string, issue: (address: string, nonce: string) => ApiKey | undefined) =>
    app.route("clob", method, path, ({ request }) => {
      const signer = verifyL1(request, clocks(clob));
      if (!signer) return venueError(401, L1_ERROR);
      const key = issue(signer.address, signer.nonce);
      if (!key) return venueError(400, refusal);
      ex.accounts.ensure(signer.address);
      return { apiKey: key.key, secret: key.secret, passphrase: key.passphrase };
    });
  l1("POST", "/auth/api-key", CREATE_KEY_ERROR, (address, nonce) => ex.keys.create(address, nonce));
  l1("GET", "/auth/derive-api-key", DERIVE_KEY_ERROR, (address, nonce) => ex.keys.derive(address, nonce));

  authed("GET", "/auth/api-keys", (_context, key) => ({ apiKeys: ex.keys.keysOf(key.address).map((entry) => entry.key) }));

  authed("DELETE", "/auth/api-key", (_context, key) => {
    ex.keys.revoke(key.key);
    return "OK";
  });

  authed("GET", "/auth/ban-status/closed-only", () => ({ closed_only: false }));

  const readonly = new Map<string, string[]>();
  authed("POST", "/auth/readonly-api-key", (_context, key) => {
    const keys = readonly.get(key.address) ?? [];
    const apiKey = ex.keys.mintId(`readonly:${key.address}:${keys.length}`);
    readonly.set(key.address, [...keys, apiKey]);
    return { apiKey };
  });
  authed("GET", "/auth/readonly-api-keys", (_context, key) => readonly.get(key.address) ?? []);
  authed("DELETE", "/auth/readonly-api-key", ({ body }, key) => {
    const target = (parseBody(body) as { key?: unknown } | undefined)?.key;
    const keys = readonly.get(key.address) ?? [];
    if (typeof target !== "string" || !keys.includes(target)) return venueError(400, "invalid readonly api key");
    const kept = keys.filter((entry) => entry !== target);
    readonly.set(key.address, kept);
    return true;
  });

  const builders = new Map<string, { key: ApiKey; createdAt: string; revokedAt?: string }[]>();
  authed("POST", "/auth/builder-api-key", (_context, key) => {
    const minted = builders.get(key.address) ?? [];
    if (minted.some((entry) => !entry.revokedAt)) return venueError(400, "builder api key already exists");
    const builder = ex.keys.mint(`builder:${key.address}:${minted.length}`, key.address, key.nonce);
    builders.set(key.address, [...minted, { key: builder, createdAt: new Date(app.clock.now()).toISOString() }]);
    return { key: builder.key, secret: builder.secret, passphrase: builder.passphrase };
  });
  authed("GET", "/auth/builder-api-key", (_context, key) =>
    (builders.get(key.address) ?? []).map((entry) => ({ key: entry.key.key, createdAt: entry.createdAt, ...(entry.revokedAt ? { revokedAt: entry.revokedAt } : {}) })),
  );
  authed("DELETE", "/auth/builder-api-key", (_context, key) => {
    const live = (builders.get(key.address) ?? []).find((entry) => !entry.revokedAt);
    if (!live) return venueError(400, "no builder api key to revoke");
    live.revokedAt = new Date(app.clock.now()).toISOString();
    return "OK";
  });
}
