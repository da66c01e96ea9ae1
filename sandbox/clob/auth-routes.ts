/**
 * API-key endpoints: `POST /auth/api-key` (create) and `GET /auth/derive-api-key` (derive) behind L1
 * headers; listing and deleting keys and the closed-only status behind L2.
 */
import { type ApiKey, L1_ERROR, verifyL1 } from "./auth.ts";
import { authedRoutes, type Clob, clocks, venueError } from "./http.ts";

function credentials(key: ApiKey) {
  return { apiKey: key.key, secret: key.secret, passphrase: key.passphrase };
}

export function registerAuthRoutes(clob: Clob): void {
  const { app, ex } = clob;
  const authed = authedRoutes(clob);

  const l1 = (method: string, path: string, issue: (address: string, nonce: string) => ApiKey) =>
    app.route("clob", method, path, ({ request }) => {
      const signer = verifyL1(request, clocks(clob));
      if (!signer) return venueError(401, L1_ERROR);
      ex.accounts.ensure(signer.address);
      return credentials(issue(signer.address, signer.nonce));
    });
  l1("POST", "/auth/api-key", (address, nonce) => ex.keys.create(address, nonce));
  l1("GET", "/auth/derive-api-key", (address, nonce) => ex.keys.derive(address, nonce));

  authed("GET", "/auth/api-keys", (_context, key) => ({ apiKeys: ex.keys.keysOf(key.address).map((entry) => entry.key) }));

  authed("DELETE", "/auth/api-key", (_context, key) => {
    ex.keys.revoke(key.key);
    return "OK";
  });

  authed("GET", "/auth/ban-status/closed-only", () => ({ closed_only: false }));
}
