/**
 * The signed order as it arrives in `POST /order`: parsing the JSON the official client sends,
 * telling a V1 order from a V2 one, the order hash (its id at the venue), and EIP-712 signature
 * recovery under the V2 exchange domain (the neg-risk exchange for neg-risk markets). POLY_1271
 * signatures are ERC-7739 wrapped: the inner ECDSA signature over `TypedDataSign` is recovered.
 */
import { getAddress, TypedDataEncoder, verifyTypedData } from "ethers";
import { BYTES32_ZERO, CHAIN_ID, exchangeDomainV2, ORDER_V2_STRUCT, SIGNATURE_TYPES, TYPED_DATA_SIGN_STRUCT } from "../../core/adapters/polymarket/wire/contracts.ts";

export type OrderType = "GTC" | "GTD" | "FOK" | "FAK";
export type Side = "BUY" | "SELL";

export type SignedOrder = {
  salt: string;
  maker: string;
  signer: string;
  tokenId: string;
  makerAmount: bigint;
  takerAmount: bigint;
  side: Side;
  signatureType: number;
  timestamp: string;
  expiration: string;
  metadata: string;
  builder: string;
  signature: string;
};

export type OrderPayload = { order: SignedOrder; owner: string; orderType: OrderType; postOnly: boolean; deferExec: boolean };

export type ParsedPayload = { ok: true; value: OrderPayload } | { ok: false; error: string };

export const INVALID_PAYLOAD = "Invalid order payload";
/** The client looks for this string to re-read `/version` and re-sign. */
const VERSION_MISMATCH = "order_version_mismatch";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const UINT = /^\d{1,78}$/;

function uintText(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === "string" && UINT.test(value)) return value;
  return undefined;
}

/** Parses the body of one order post; V1-shaped orders are refused as a version mismatch. */
export function parseOrderPayload(raw: unknown): ParsedPayload {
  if (!raw || typeof raw !== "object") return { ok: false, error: INVALID_PAYLOAD };
  const body = raw as Record<string, unknown>;
  const order = body.order as Record<string, unknown> | undefined;
  if (!order || typeof order !== "object") return { ok: false, error: INVALID_PAYLOAD };
  const isV1 = ("nonce" in order || "feeRateBps" in order) && !("metadata" in order && "timestamp" in order);
  if (isV1) return { ok: false, error: VERSION_MISMATCH };
  const orderType = String(body.orderType ?? "GTC").toUpperCase();
  if (!["GTC", "GTD", "FOK", "FAK"].includes(orderType)) return { ok: false, error: INVALID_PAYLOAD };
  const salt = uintText(order.salt);
  const tokenId = uintText(order.tokenId);
  const makerAmount = uintText(order.makerAmount);
  const takerAmount = uintText(order.takerAmount);
  const timestamp = uintText(order.timestamp);
  const expiration = order.expiration === undefined ? "0" : uintText(order.expiration);
  const side = order.side === "BUY" || order.side === 0 ? "BUY" : order.side === "SELL" || order.side === 1 ? "SELL" : undefined;
  const signatureType = Number(order.signatureType ?? 0);
  const fields = [order.maker, order.signer].every((value) => typeof value === "string" && ADDRESS.test(value));
  const bytes = [order.metadata, order.builder].every((value) => typeof value === "string" && BYTES32.test(value));
  const signature = typeof order.signature === "string" && /^0x[0-9a-fA-F]+$/.test(order.signature) ? order.signature : undefined;
  if (!salt || !tokenId || !makerAmount || !takerAmount || !timestamp || !expiration || !side || !fields || !bytes || !signature) return { ok: false, error: INVALID_PAYLOAD };
  if (![0, 1, 2, 3].includes(signatureType) || BigInt(makerAmount) === 0n || BigInt(takerAmount) === 0n) return { ok: false, error: INVALID_PAYLOAD };
  if (typeof body.owner !== "string") return { ok: false, error: INVALID_PAYLOAD };
  return {
    ok: true,
    value: {
      order: {
        salt,
        maker: getAddress(order.maker as string),
        signer: getAddress(order.signer as string),
        tokenId,
        makerAmount: BigInt(makerAmount),
        takerAmount: BigInt(takerAmount),
        side,
        signatureType,
        timestamp,
        expiration,
        metadata: (order.metadata as string).toLowerCase(),
        builder: (order.builder as string).toLowerCase(),
        signature,
      },
      owner: body.owner,
      orderType: orderType as OrderType,
      postOnly: body.postOnly === true,
      deferExec: body.deferExec === true,
    },
  };
}

function typedMessage(order: SignedOrder) {
  return {
    salt: order.salt,
    maker: order.maker,
    signer: order.signer,
    tokenId: order.tokenId,
    makerAmount: order.makerAmount.toString(),
    takerAmount: order.takerAmount.toString(),
    side: order.side === "BUY" ? 0 : 1,
    signatureType: order.signatureType,
    timestamp: order.timestamp,
    metadata: order.metadata,
    builder: order.builder,
  };
}

/** The EIP-712 hash of the order under the market's V2 exchange domain: the venue's order id. */
export function orderHash(order: SignedOrder, negRisk: boolean): string {
  return TypedDataEncoder.hash(exchangeDomainV2(negRisk), { Order: ORDER_V2_STRUCT }, typedMessage(order));
}

/**
 * Recovers who signed the order. For EOA/proxy/safe orders that is the ECDSA signer of the order
 * struct; for POLY_1271 it is the owner key that signed the wrapped `TypedDataSign`.
 * Returns undefined when the signature does not verify under this market's exchange domain.
 */
export function recoverOrderSigner(order: SignedOrder, negRisk: boolean): string | undefined {
  const domain = exchangeDomainV2(negRisk);
  const message = typedMessage(order);
  try {
    if (order.signatureType !== SIGNATURE_TYPES.POLY_1271) {
      return verifyTypedData(domain, { Order: ORDER_V2_STRUCT }, message, order.signature);
    }
    // 65-byte inner signature, app domain separator, contents hash, type string, 2-byte length.
    const hex = order.signature.slice(2);
    if (hex.length < 130 + 128 + 4) return undefined;
    const inner = `0x${hex.slice(0, 130)}`;
    const wrapper = { contents: message, name: "DepositWallet", version: "1", chainId: CHAIN_ID, verifyingContract: order.signer, salt: BYTES32_ZERO };
    return verifyTypedData(domain, { TypedDataSign: TYPED_DATA_SIGN_STRUCT, Order: ORDER_V2_STRUCT }, wrapper, inner);
  } catch {
    return undefined;
  }
}
