/**
 * CLOB authentication. L1: an EIP-712 `ClobAuth` signature by the wallet creates or derives API
 * credentials. L2: every trading call carries the key, passphrase and an HMAC-SHA256 (keyed by the
 * base64-decoded secret) over `timestamp + METHOD + path + body`, url-safe base64 — the path without
 * the query string, exactly as @polymarket/clob-client-v2 signs it (core/venue/l2-auth.ts, shared
 * with pm-arb's own requests).
 */
import { createHmac } from "node:crypto";
import { getAddress, verifyTypedData } from "ethers";
import { l2Signature, urlSafeBase64 } from "../../core/venue/l2-auth.ts";
import { CLOB_AUTH_DOMAIN, CLOB_AUTH_MESSAGE, CLOB_AUTH_TYPES } from "../../core/venue/polymarket-contracts.ts";

export type ApiKey = { key: string; secret: string; passphrase: string; address: string; nonce: string };

/** The venue's messages for failed authentication. */
export const L1_ERROR = "Invalid L1 Request headers";
export const L2_ERROR = "Unauthorized/Invalid api key";

/** How far (seconds) a request timestamp may be from the venue's clock (wall or simulated). */
const AUTH_WINDOW_S = 300;

function material(seed: number, label: string): Buffer {
  return createHmac("sha256", `pm-arb-sandbox:${seed}`).update(label).digest();
}

function uuidFrom(bytes: Buffer): string {
  const hex = bytes.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class ApiKeyStore {
  private readonly byKey = new Map<string, ApiKey>();
  private created = 0;

  constructor(private readonly seed: number) {}

  /** Deterministic per (address, nonce): deriving twice returns the same credentials. */
  derive(address: string, nonce: string): ApiKey {
    return this.register(address, nonce, `derive:${address.toLowerCase()}:${nonce}`);
  }

  /** A fresh key each call (both it and the derived one stay valid). */
  create(address: string, nonce: string): ApiKey {
    this.created += 1;
    return this.register(address, nonce, `create:${address.toLowerCase()}:${nonce}:${this.created}`);
  }

  get(key: string): ApiKey | undefined {
    return this.byKey.get(key);
  }

  keysOf(address: string): ApiKey[] {
    return [...this.byKey.values()].filter((entry) => entry.address === address.toLowerCase());
  }

  revoke(key: string): boolean {
    return this.byKey.delete(key);
  }

  private register(address: string, nonce: string, label: string): ApiKey {
    const entry: ApiKey = {
      key: uuidFrom(material(this.seed, `${label}:key`)),
      secret: urlSafeBase64(material(this.seed, `${label}:secret`)),
      passphrase: material(this.seed, `${label}:passphrase`).toString("hex"),
      address: address.toLowerCase(),
      nonce,
    };
    this.byKey.set(entry.key, entry);
    return entry;
  }
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers.get(name);
  return value === null || value === "" ? undefined : value;
}

function timestampOk(text: string, clocks: number[]): boolean {
  if (!/^\d{1,12}$/.test(text)) return false;
  const seconds = Number(text);
  return clocks.some((nowMs) => Math.abs(nowMs / 1000 - seconds) <= AUTH_WINDOW_S);
}

/** Verifies L1 headers; returns the checksummed wallet address and nonce, or undefined. */
export function verifyL1(request: Request, clocks: number[]): { address: string; nonce: string } | undefined {
  const address = header(request, "POLY_ADDRESS");
  const signature = header(request, "POLY_SIGNATURE");
  const timestamp = header(request, "POLY_TIMESTAMP");
  const nonce = header(request, "POLY_NONCE") ?? "0";
  if (!address || !signature || !timestamp || !/^\d+$/.test(nonce)) return undefined;
  if (!timestampOk(timestamp, clocks)) return undefined;
  try {
    const value = { address, timestamp, nonce, message: CLOB_AUTH_MESSAGE };
    const recovered = verifyTypedData(CLOB_AUTH_DOMAIN, CLOB_AUTH_TYPES, value, signature);
    if (recovered.toLowerCase() !== address.toLowerCase()) return undefined;
    return { address: getAddress(address), nonce };
  } catch {
    return undefined;
  }
}

/** Verifies L2 headers for a request whose path (after /clob, no query) and raw body are given. */
export function verifyL2(request: Request, requestPath: string, body: string, keys: ApiKeyStore, clocks: number[]): ApiKey | undefined {
  const address = header(request, "POLY_ADDRESS");
  const apiKey = header(request, "POLY_API_KEY");
  const passphrase = header(request, "POLY_PASSPHRASE");
  const timestamp = header(request, "POLY_TIMESTAMP");
  const signature = header(request, "POLY_SIGNATURE");
  if (!address || !apiKey || !passphrase || !timestamp || !signature) return undefined;
  const entry = keys.get(apiKey);
  if (!entry || entry.address !== address.toLowerCase() || entry.passphrase !== passphrase) return undefined;
  if (!timestampOk(timestamp, clocks)) return undefined;
  const expected = l2Signature(entry.secret, timestamp, request.method.toUpperCase(), requestPath, body);
  return expected === signature ? entry : undefined;
}
