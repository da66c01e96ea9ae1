/**
 * Polymarket credentials from the environment: the wallet key (orders are always signed with it,
 * even with L2 API credentials) and the optional L2 API key/secret/passphrase.
 *
 * The raw secrets live in private fields and leave only through the explicit accessors
 * (`privateKeyForSigning()`, `apiCredsForSigning()`). Every string form — toString, template
 * literals, JSON.stringify, util.inspect / Bun.inspect / console.log, and error messages — shows
 * a masked summary. Validation errors say what is wrong with a value, never the value itself.
 * ethers is imported only when the signer address is first needed.
 */
import { ConfigError, RuntimeFailure } from "./cli/errors.ts";
import type { Env } from "./config/env.ts";
import { previewValue } from "./config/preview.ts";
import { parseSignatureType, type SignatureType, signatureTypeName } from "./config/signature-type.ts";

export type ApiCreds = { key: string; secret: string; passphrase: string };

/** Values from the config (`funder`, `signature_type`) used when the POLYMARKET_* variables are unset. */
export type CredentialDefaults = { funder?: string; signature_type?: SignatureType };

const MASK = "***";
const INSPECT = Symbol.for("nodejs.util.inspect.custom");
/** secp256k1 group order: a valid private key is in [1, n-1]. */
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export class Credentials {
  readonly #privateKey: string;
  readonly #api: ApiCreds | undefined;
  #address: Promise<string> | undefined;
  /** The address holding the funds (proxy or safe); undefined for a plain EOA. */
  readonly funder: string | undefined;
  readonly signatureType: SignatureType;

  constructor(privateKey: string, api: ApiCreds | undefined, funder: string | undefined, signatureType: SignatureType) {
    this.#privateKey = privateKey;
    this.#api = api ? { ...api } : undefined;
    this.funder = funder;
    this.signatureType = signatureType;
  }

  /** The raw wallet key, for the order signer only. Never log it, never put it in a record. */
  privateKeyForSigning(): string {
    return this.#privateKey;
  }

  /** The raw L2 credentials, for HMAC request signing only; undefined when not configured. */
  apiCredsForSigning(): ApiCreds | undefined {
    return this.#api ? { ...this.#api } : undefined;
  }

  get hasApiCreds(): boolean {
    return this.#api !== undefined;
  }

  /** The signer's checksummed address, derived once (loads ethers on first call). */
  signerAddress(): Promise<string> {
    this.#address ??= deriveAddress(this.#privateKey);
    return this.#address;
  }

  /** The address that holds the funds: the funder when set, else the signer. */
  async fundingAddress(): Promise<string> {
    return this.funder ?? (await this.signerAddress());
  }

  /** A summary that is safe to print: no key, no secret, no passphrase, API key cut to 4 characters. */
  toJSON(): Record<string, unknown> {
    return {
      private_key: MASK,
      api_key: this.#api ? maskHead(this.#api.key) : null,
      api_secret: this.#api ? MASK : null,
      api_passphrase: this.#api ? MASK : null,
      funder: this.funder ?? null,
      signature_type: signatureTypeName(this.signatureType),
    };
  }

  toString(): string {
    const api = this.#api ? `api_key=${maskHead(this.#api.key)}, api_secret=${MASK}, api_passphrase=${MASK}` : "api_key=none";
    return `Credentials(private_key=${MASK}, ${api}, funder=${this.funder ?? "none"}, signature_type=${signatureTypeName(this.signatureType)})`;
  }

  [Symbol.toPrimitive](): string {
    return this.toString();
  }

  [INSPECT](): string {
    return this.toString();
  }
}

function maskHead(value: string): string {
  return value.length > 8 ? `${value.slice(0, 4)}…` : MASK;
}

async function deriveAddress(privateKey: string): Promise<string> {
  try {
    const { computeAddress } = await import("ethers");
    return computeAddress(privateKey);
  } catch {
    // ethers' own message could quote its argument; say nothing about the value.
    throw new RuntimeFailure("could not derive the signer address from POLYMARKET_PRIVATE_KEY");
  }
}

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** Why a private key is unusable, described without quoting it; undefined when it is fine. */
export function privateKeyProblem(value: string): string | undefined {
  const form = "must be 0x followed by 64 hex digits";
  if (/^[0-9a-fA-F]{64}$/.test(value)) return `${form} (the 0x prefix is missing)`;
  if (!value.startsWith("0x")) return `${form} (it does not start with 0x)`;
  if (value.length !== 66) return `${form} (it has ${value.length - 2} characters after 0x)`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) return `${form} (it holds a character that is not a hex digit)`;
  const n = BigInt(value);
  if (n === 0n || n >= CURVE_ORDER) return "is not a valid secp256k1 private key (out of range)";
  return undefined;
}

/**
 * Loads credentials from `POLYMARKET_*` variables, or returns undefined when no private key is set
 * (paper trading needs none). Throws ConfigError (exit 2) naming the variable when one is malformed.
 */
export function loadOptionalCredentials(env: Env = process.env, defaults: CredentialDefaults = {}): Credentials | undefined {
  const privateKey = read(env, "POLYMARKET_PRIVATE_KEY");
  const apiNames = ["POLYMARKET_API_KEY", "POLYMARKET_SECRET", "POLYMARKET_PASSPHRASE"] as const;
  const apiValues = apiNames.map((name) => read(env, name));
  const apiSet = apiValues.filter((value) => value !== undefined).length;
  if (!privateKey) {
    if (apiSet > 0) throw new ConfigError("POLYMARKET_PRIVATE_KEY", "is not set, but API credentials are: orders are signed with the wallet key");
    return undefined;
  }
  const problem = privateKeyProblem(privateKey);
  if (problem) throw new ConfigError("POLYMARKET_PRIVATE_KEY", problem);

  if (apiSet !== 0 && apiSet !== apiNames.length) {
    const missing = apiNames.filter((_, i) => apiValues[i] === undefined);
    throw new ConfigError(missing[0]!, `set all of ${apiNames.join(", ")} or none; missing ${missing.join(", ")}`);
  }
  const api = apiSet ? { key: apiValues[0]!, secret: apiValues[1]!, passphrase: apiValues[2]! } : undefined;

  const funder = read(env, "POLYMARKET_FUNDER") ?? defaults.funder;
  if (funder !== undefined && !ADDRESS.test(funder)) throw new ConfigError("POLYMARKET_FUNDER", "must be an address: 0x followed by 40 hex digits");

  let signatureType: SignatureType = defaults.signature_type ?? 0;
  const typeText = read(env, "POLYMARKET_SIGNATURE_TYPE");
  if (typeText !== undefined) {
    const parsed = parseSignatureType(typeText);
    if (!parsed.ok) throw new ConfigError("POLYMARKET_SIGNATURE_TYPE", `${parsed.error}; got ${previewValue(typeText)}`);
    signatureType = parsed.value;
  }
  if (signatureType !== 0 && funder === undefined) {
    throw new ConfigError("POLYMARKET_FUNDER", `is required with signature type ${signatureTypeName(signatureType)}: it is the wallet that holds the funds`);
  }
  return new Credentials(privateKey, api, funder, signatureType);
}

/** Like loadOptionalCredentials, but a missing private key is an error too (live trading). */
export function loadCredentials(env: Env = process.env, defaults: CredentialDefaults = {}): Credentials {
  const credentials = loadOptionalCredentials(env, defaults);
  if (!credentials) throw new ConfigError("POLYMARKET_PRIVATE_KEY", "is not set; live trading needs the wallet key (0x followed by 64 hex digits)");
  return credentials;
}
