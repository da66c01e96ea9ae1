/**
 * API-key endpoints: `POST /auth/api-key` (create) and `GET /auth/derive-api-key` (derive) behind L1
 * headers, as live: a nonce has one key, so creating it twice answers 400 "Could not create api
 * key" and deriving before it exists 400 "Could not derive api key!" — the official client's
 * `createOrDeriveApiKey` then returns the same credentials every time. Listing and deleting keys and
 * the closed-only status behind L2.
 */
import { type ApiKey, CREATE_KEY_ERROR, DERIVE_KEY_ERROR, L1_ERROR, verifyL1 } from "./auth.ts";
import { authedRoutes, type Clob, clocks, venueError } from "./http.ts";

function credentials(key: ApiKey) {
  return { apiKey: key.key, secret: key.secret, passphrase: key.passphrase };
}

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
      return credentials(key);
    });
  l1("POST", "/auth/api-key", CREATE_KEY_ERROR, (address, nonce) => ex.keys.create(address, nonce));
  l1("GET", "/auth/derive-api-key", DERIVE_KEY_ERROR, (address, nonce) => ex.keys.derive(address, nonce));

  authed("GET", "/auth/api-keys", (_context, key) => ({ apiKeys: ex.keys.keysOf(key.address).map((entry) => entry.key) }));

  authed("DELETE", "/auth/api-key", (_context, key) => {
    ex.keys.revoke(key.key);
    return "OK";
  });

  authed("GET", "/auth/ban-status/closed-only", () => ({ closed_only: false }));
}
