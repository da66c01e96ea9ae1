/**
 * `pm-arb stop --cancel-open`: cancel every resting order of the wallet (`DELETE /cancel-all`).
 * `run` only sends FOK/FAK orders, which never rest; this is for orders placed by hand or by other
 * tools on the same account. The engine's session has no cancel, so this opens the official client,
 * with the same credentials rules. The venue's words are redacted.
 */
import { RuntimeFailure } from "../../../cli/errors.ts";
import type { Env } from "../../../config/env.ts";
import type { Config } from "../../../config/schema.ts";
import { loadCredentials } from "../../../credentials.ts";
import { walletAdapter } from "./session.ts";
import { redact } from "./venue-errors.ts";

export type CancelResult = { canceled: string[]; notCanceled: Record<string, string> };

export async function cancelOpenOrders(config: Pick<Config, "clob_url" | "chain_id" | "funder" | "signature_type" | "request_timeout_ms">, env: Env): Promise<CancelResult> {
  const credentials = loadCredentials(env, { funder: config.funder, signature_type: config.signature_type });
  const given = credentials.apiCredsForSigning();
  const secrets = [credentials.privateKeyForSigning(), given?.key, given?.secret, given?.passphrase];
  try {
    const [{ ClobClient }, { Wallet }] = await Promise.all([import("@polymarket/clob-client-v2"), import("ethers")]);
    const signer = walletAdapter(new Wallet(credentials.privateKeyForSigning()));
    const chain = config.chain_id as 137;
    const l1 = new ClobClient({ host: config.clob_url, chain, signer, throwOnError: true });
    // The venue refuses to create a key that exists (400), which `createOrDeriveApiKey` throws on
    // with `throwOnError`: derive the wallet's key, and create one only when there is none yet.
    const creds = given ?? (await l1.deriveApiKey().catch(() => l1.createApiKey()));
    secrets.push(creds.key, creds.secret, creds.passphrase);
    const client = new ClobClient({
      host: config.clob_url,
      chain,
      signer,
      creds,
      signatureType: credentials.signatureType as never,
      funderAddress: credentials.funder,
      throwOnError: true,
    });
    const answer = (await client.cancelAll()) as { canceled?: unknown; not_canceled?: unknown } | undefined;
    const canceled = Array.isArray(answer?.canceled) ? answer.canceled.map(String) : [];
    const notCanceled =
      answer?.not_canceled && typeof answer.not_canceled === "object" ? Object.fromEntries(Object.entries(answer.not_canceled).map(([id, why]) => [id, String(why)])) : {};
    return { canceled, notCanceled };
  } catch (error) {
    throw new RuntimeFailure(`cancel-all at ${config.clob_url} failed: ${redact((error as Error).message ?? String(error), secrets)}`);
  }
}
