/**
 * CLOB L2 authentication: every trading call carries the API key, passphrase, the signer's address,
 * a timestamp (seconds) and an HMAC-SHA256 keyed by the base64-decoded secret over
 * `timestamp + METHOD + path + body`, url-safe base64 — the path without the query string, exactly
 * as @polymarket/clob-client-v2 signs it (`createL2Headers`). The sandbox verifies with the same
 * function; a test holds it to the official client's output.
 */
import { createHmac } from "node:crypto";

export function urlSafeBase64(bytes: Buffer): string {
  return bytes.toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

function decodeSecret(secret: string): Buffer {
  return Buffer.from(secret.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

function hmac(key: Buffer, timestamp: string, method: string, requestPath: string, body: string): string {
  return urlSafeBase64(createHmac("sha256", key).update(`${timestamp}${method}${requestPath}${body}`).digest());
}

/** The L2 signature the official client computes for a request. */
export function l2Signature(secret: string, timestamp: string, method: string, requestPath: string, body: string): string {
  return hmac(decodeSecret(secret), timestamp, method, requestPath, body);
}

export type L2Credentials = { address: string; key: string; secret: string; passphrase: string };

export type L2Headers = { POLY_ADDRESS: string; POLY_SIGNATURE: string; POLY_TIMESTAMP: string; POLY_API_KEY: string; POLY_PASSPHRASE: string };

/** Header builder for one set of credentials, the secret decoded once (hot path: every order post). */
export function l2HeaderSigner(creds: L2Credentials, nowMs: () => number = Date.now): (method: string, requestPath: string, body?: string) => L2Headers {
  const key = decodeSecret(creds.secret);
  return (method, requestPath, body = "") => {
    const timestamp = String(Math.floor(nowMs() / 1000));
    return {
      POLY_ADDRESS: creds.address,
      POLY_SIGNATURE: hmac(key, timestamp, method, requestPath, body),
      POLY_TIMESTAMP: timestamp,
      POLY_API_KEY: creds.key,
      POLY_PASSPHRASE: creds.passphrase,
    };
  };
}
