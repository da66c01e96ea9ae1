/**
 * Polygon (chain 137) wire facts the CLOB checks signatures against — contract addresses, EIP-712
 * domains and struct types — as published in @polymarket/clob-client-v2 1.1.0 (a test pins them), so
 * neither the sandbox nor the signer loads the client library for them.
 */
export const CHAIN_ID = 137;

export const CONTRACTS = {
  /** V1 exchanges: orders signed for these are the pre-2026-04-28 protocol. */
  exchangeV1: "0x4bFb41d5B3570DeFd03C39a9A4D8dE6Bd8B8982E",
  negRiskExchangeV1: "0xC5d563A36AE78145C45a50134d48A1215220f80a",
  negRiskAdapter: "0xd91E80cF2E7be2e162c6513ceD06f1dD0dA35296",
  collateral: "0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB",
  conditionalTokens: "0x4D97DCd97eC945f40cF65F87097ACe5EA0476045",
  exchangeV2: "0xE111180000d2663C0091e4f400237545B87B996B",
  negRiskExchangeV2: "0xe2222d279d744050d28e00520010520000310F59",
} as const;

/** Amoy testnet: the V2 exchanges sit at the same addresses as on Polygon; the V3 one does not. */
export const AMOY_CHAIN_ID = 80002;

/** V3 exchanges (domain version "3"; one exchange for every market, neg-risk or not), per chain. */
export const EXCHANGE_V3: Readonly<Record<number, string>> = {
  [CHAIN_ID]: "0xe3333700cA9d93003F00f0F71f8515005F6c00Aa",
  [AMOY_CHAIN_ID]: "0x9fE6e61422AdB6F610d8597F9684b16912D50C3D",
};

export const BYTES32_ZERO = `0x${"0".repeat(64)}`;
export const MAX_UINT256 = ((1n << 256n) - 1n).toString();

/** The L1 (API key) attestation: domain version stays "1" in CLOB V2. */
export const CLOB_AUTH_DOMAIN = { name: "ClobAuthDomain", version: "1", chainId: CHAIN_ID };
export const CLOB_AUTH_TYPES = {
  ClobAuth: [
    { name: "address", type: "address" },
    { name: "timestamp", type: "string" },
    { name: "nonce", type: "uint256" },
    { name: "message", type: "string" },
  ],
};
export const CLOB_AUTH_MESSAGE = "This message attests that I control the given wallet";

const EXCHANGE_DOMAIN_NAME = "Polymarket CTF Exchange";

/** V2 order struct: no fee, nonce, taker or expiration in the signed data; timestamp/metadata/builder added. */
export const ORDER_V2_STRUCT = [
  { name: "salt", type: "uint256" },
  { name: "maker", type: "address" },
  { name: "signer", type: "address" },
  { name: "tokenId", type: "uint256" },
  { name: "makerAmount", type: "uint256" },
  { name: "takerAmount", type: "uint256" },
  { name: "side", type: "uint8" },
  { name: "signatureType", type: "uint8" },
  { name: "timestamp", type: "uint256" },
  { name: "metadata", type: "bytes32" },
  { name: "builder", type: "bytes32" },
];

/** POLY_1271 (deposit wallet) signatures wrap an ERC-7739 TypedDataSign over the order. */
export const TYPED_DATA_SIGN_STRUCT = [
  { name: "contents", type: "Order" },
  { name: "name", type: "string" },
  { name: "version", type: "string" },
  { name: "chainId", type: "uint256" },
  { name: "verifyingContract", type: "address" },
  { name: "salt", type: "bytes32" },
];

export function exchangeDomainV2(negRisk: boolean, chainId: number = CHAIN_ID) {
  return { name: EXCHANGE_DOMAIN_NAME, version: "2", chainId, verifyingContract: negRisk ? CONTRACTS.negRiskExchangeV2 : CONTRACTS.exchangeV2 };
}

/** The exchange domain an order of this protocol version signs under (the venue's `GET /version`). */
export function exchangeDomain(version: number, negRisk: boolean, chainId: number = CHAIN_ID) {
  if (version === 2) return exchangeDomainV2(negRisk, chainId);
  const verifyingContract = EXCHANGE_V3[chainId];
  if (version !== 3 || !verifyingContract) throw new RangeError(`no exchange for order version ${version} on chain ${chainId}`);
  return { name: EXCHANGE_DOMAIN_NAME, version: "3", chainId, verifyingContract };
}

export const SIGNATURE_TYPES = { EOA: 0, POLY_PROXY: 1, POLY_GNOSIS_SAFE: 2, POLY_1271: 3 } as const;

/** Spenders whose allowances `GET /balance-allowance` reports (all approved without limit here). */
export const ALLOWANCE_SPENDERS = [CONTRACTS.exchangeV2, CONTRACTS.negRiskExchangeV2, CONTRACTS.negRiskAdapter];
