/**
 * API-key endpoints: `POST /auth/api-key` (create) and `GET /auth/derive-api-key` (derive) behind L1
 * headers; listing and deleting keys and the closed-only status behind L2.
 */
import { type ApiKey, L1_ERROR, verifyL1 } from "./auth.ts";
import { authed, type Clob, clocks, json, venueError } from "./http.ts";

function credentials(key: ApiKey) {
  return { apiKey: key.key, secret: key.secret, passphrase: key.passphrase };
}

export function registerAuthRoutes(clob: Clob): void {
  const { app, ex } = clob;

  app.route("clob", "POST", "/auth/api-key", ({ request }) => {
    const signer = verifyL1(request, clocks(clob));
    if (!signer) return venueError(401, L1_ERROR);
    ex.accounts.ensure(signer.address);
    return credentials(ex.keys.create(signer.address, signer.nonce));
  });

  app.route("clob", "GET", "/auth/derive-api-key", ({ request }) => {
    const signer = verifyL1(request, clocks(clob));
    if (!signer) return venueError(401, L1_ERROR);
    ex.accounts.ensure(signer.address);
    return credentials(ex.keys.derive(signer.address, signer.nonce));
  });

  app.route(
    "clob",
    "GET",
    "/auth/api-keys",
    authed(clob, (_context, key) => ({ apiKeys: ex.keys.keysOf(key.address).map((entry) => entry.key) })),
  );

  app.route(
    "clob",
    "DELETE",
    "/auth/api-key",
    authed(clob, (_context, key) => {
      ex.keys.revoke(key.key);
      return json("OK");
    }),
  );

  app.route(
    "clob",
    "GET",
    "/auth/ban-status/closed-only",
    authed(clob, () => ({ closed_only: false })),
  );
}
