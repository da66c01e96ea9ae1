/**
 * The wallet a signing key may fund orders from under signature types 1 and 2, derived as the
 * venue's exchange checks it: the signer's Polymarket proxy (POLY_PROXY) or its Polymarket Gnosis
 * Safe (POLY_GNOSIS_SAFE), each the CREATE2 address of its factory on Polygon salted with the signer
 * (packed for the proxy factory, ABI-encoded for the Safe factory). Addresses and init-code hashes
 * are those Polymarket's relayer client derives with.
 */
import { AbiCoder, getAddress, getCreate2Address, keccak256, solidityPacked } from "ethers";

const PROXY_FACTORY = "0xaB45c5A4B0c941a2F231C04C3f49182e1A254052";
const PROXY_INIT_CODE_HASH = "0xd21df8dc65880a8606f09fe0ce3df9b8869287ab0b058be05aa9e8af6330a00b";
const SAFE_FACTORY = "0xaacFeEa03eb1561C4e67d661e40682Bd20E3541b";
const SAFE_INIT_CODE_HASH = "0x2bce2127ff07fb632d16c8347c4ebf501f4841168bed00d9e6ef715ddb6fcecf";

/** The signer's Polymarket proxy wallet (signature type 1). */
export function proxyWalletOf(signer: string): string {
  return getCreate2Address(PROXY_FACTORY, keccak256(solidityPacked(["address"], [getAddress(signer)])), PROXY_INIT_CODE_HASH);
}

/** The signer's Polymarket Gnosis Safe (signature type 2). */
export function safeWalletOf(signer: string): string {
  return getCreate2Address(SAFE_FACTORY, keccak256(AbiCoder.defaultAbiCoder().encode(["address"], [getAddress(signer)])), SAFE_INIT_CODE_HASH);
}

/** The only funder the venue accepts for a signer under signature type 1 or 2. */
export function ownWalletOf(signer: string, signatureType: 1 | 2): string {
  return signatureType === 1 ? proxyWalletOf(signer) : safeWalletOf(signer);
}
