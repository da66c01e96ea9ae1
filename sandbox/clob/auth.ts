/**
 * CLOB authentication. L1: an EIP-712 `ClobAuth` signature by the wallet creates or derives API
 * credentials. L2: every trading call carries the key, passphrase and an HMAC-SHA256 (keyed by the
 * base64-decoded secret) over `timestamp + METHOD + path + body`, url-safe base64 — the path without
 * the query string, exactly as @polymarket/clob-client-v2 signs it (core/adapters/polymarket/wire/l2-auth.ts, shared
 * with pm-arb's own requests).
 */
import { createHmac } from "node:crypto";
import { getAddress, verifyTypedData } from "ethers";
import { CLOB_AUTH_DOMAIN, CLOB_AUTH_MESSAGE, CLOB_AUTH_TYPES } from "../../core/adapters/polymarket/wire/contracts.ts";
import { l2Signature, urlSafeBase64 } from "../../core/adapters/polymarket/wire/l2-auth.ts";

export type ApiKey = { key: string; secret: string; passphrase: string; address: string; nonce: string };

/** The venue's messages for failed authentication. */
export const L1_ERROR = "Invalid L1 Request headers";
export const L2_ERROR = "Unauthorized/Invalid api key";
export const CREATE_KEY_ERROR = "Could not create api key";
export const DERIVE_KEY_ERROR = "Could not derive api key!";

/** How far (seconds) a request timestamp may be from the venue's clock (wall or simulated). */
const AUTH_WINDOW_S = 300;

function material(seed: number, label: string): Buffer {
  return createHmac("sha256", `pm-arb-sandbox:${seed}`).update(label).digest();
}

function uuidFrom(bytes: Buffer): string {
  const hex = bytes.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * One API key per (wallet, nonce), as the venue keeps them: `create` mints it once (undefined when
 * that nonce already has a key: the venue's 400), `derive` returns it (undefined before it exists).
 * A key deleted with `DELETE /auth/api-key` frees its nonce; the next one minted there is new.
 */
export class ApiKeyStore {
  private readonly byKey = new Map<string, ApiKey>();
  private readonly byNonce = new Map<string, ApiKey>();
  /** Keys minted per (wallet, nonce), deleted ones included: each mint differs from the last. */
  private readonly minted = new Map<string, number>();

  constructor(private readonly seed: number) {}

  derive(address: string, nonce: string): ApiKey | undefined {
    return this.byNonce.get(slot(address, nonce));
  }

  create(address: string, nonce: string): ApiKey | undefined {
    const at = slot(address, nonce);
    if (this.byNonce.has(at)) return undefined;
    const generation = this.minted.get(at) ?? 0;
    this.minted.set(at, generation + 1);
    const entry = this.mint(`${at}:${generation}`, address, nonce);
    this.byKey.set(entry.key, entry);
    this.byNonce.set(at, entry);
    return entry;
  }

  /** Credentials derived from the seed and `label` alone, not registered for L2 (builder keys use it). */
  mint(label: string, address: string, nonce: string): ApiKey {
    return {
      key: this.mintId(label),
      secret: urlSafeBase64(material(this.seed, `${label}:secret`)),
      passphrase: material(this.seed, `${label}:passphrase`).toString("hex"),
      address: address.toLowerCase(),
      nonce,
    };
  }

  /** A key id (uuid form) derived from the seed and `label`. */
  mintId(label: string): string {
    return uuidFrom(material(this.seed, `${label}:key`));
  }

  get(key: string): ApiKey | undefined {
    return this.byKey.get(key);
  }

  keysOf(address: string): ApiKey[] {
    return [...this.byKey.values()].filter((entry) => entry.address === address.toLowerCase());
  }

  revoke(key: string): boolean {
    const entry = this.byKey.get(key);
    if (!entry) return false;
    this.byNonce.delete(slot(entry.address, entry.nonce));
    return this.byKey.delete(key);
  }
}

function slot(address: string, nonce: string): string {
  return `${address.toLowerCase()}:${nonce}`;
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
