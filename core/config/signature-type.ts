/**
 * Polymarket order signature types, read by the config schema and by `core/credentials.ts`.
 * 0 EOA (the key's own address holds the funds), 1 POLY_PROXY (Magic/email proxy wallet),
 * 2 POLY_GNOSIS_SAFE (browser-wallet safe), 3 POLY_1271 (smart-contract wallet).
 */
import type { Parsed } from "../safe-parse.ts";

const SIGNATURE_TYPES = { EOA: 0, POLY_PROXY: 1, POLY_GNOSIS_SAFE: 2, POLY_1271: 3 } as const;
export type SignatureTypeName = keyof typeof SIGNATURE_TYPES;
export type SignatureType = (typeof SIGNATURE_TYPES)[SignatureTypeName];
const SIGNATURE_TYPE_NAMES = Object.keys(SIGNATURE_TYPES) as SignatureTypeName[];

/** 0–3 or the name (EOA, POLY_PROXY, POLY_GNOSIS_SAFE, POLY_1271; any case). */
export function parseSignatureType(value: unknown): Parsed<SignatureType> {
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim().toUpperCase() : "";
  if (/^[0-3]$/.test(text)) return { ok: true, value: Number(text) as SignatureType };
  if (Object.hasOwn(SIGNATURE_TYPES, text)) return { ok: true, value: SIGNATURE_TYPES[text as SignatureTypeName] };
  return { ok: false, error: `must be 0-3 or one of ${SIGNATURE_TYPE_NAMES.join(", ")}` };
}

export function signatureTypeName(type: SignatureType): SignatureTypeName {
  return SIGNATURE_TYPE_NAMES[type]!;
}
