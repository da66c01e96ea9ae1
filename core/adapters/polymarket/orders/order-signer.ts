/**
 * Marketable BUY orders built and signed without the official client: the hot path of a live order.
 * The client's `createMarketOrder` makes two HTTP round trips the first time it sees a token, and
 * on every call builds a fresh exchange builder and typed-data encoder and hashes the order twice;
 * its `buildMarketOrder` draws the salt and stamps `Date.now()` itself, with no way to hand either in.
 *
 * Here what does not change between orders (EIP-712 domain separators, type hash, maker and signer
 * words) is computed once per session. An order is its amounts (market-order-amounts.ts), one
 * keccak256 over the struct, one over `0x1901 ‖ domain ‖ struct` (also the venue's order id) and
 * one signature — in two steps, `prepare` and `sign`, so the id can be stored durably before the
 * signature is computed. The body is the client's `orderToJsonV2`, key for key.
 *
 * Nothing is drawn at random: the caller hands in salt and timestamp, and ethers' `SigningKey.sign`
 * derives the nonce from key and digest (RFC 6979). The same request gives the same bytes in any
 * process — the venue answers a second copy "Duplicated" — and a cloned process can only repeat a
 * signature, never reuse a nonce. A test holds body, signature and id to the official client's over
 * every tick size, order type, neg-risk and signature type. POLY_1271 (deposit wallet) orders carry
 * the client's ERC-7739 wrapping.
 */
import { computeAddress, getAddress, keccak256, SigningKey, TypedDataEncoder, toUtf8Bytes } from "ethers";
import { BYTES32_ZERO, CHAIN_ID, exchangeDomain, ORDER_V2_STRUCT, SIGNATURE_TYPES, TYPED_DATA_SIGN_STRUCT } from "../wire/contracts.ts";
import { marketBuyUnits } from "./market-order-amounts.ts";

export type OrderSignerOptions = {
  privateKey: string;
  /** 0 EOA, 1 POLY_PROXY, 2 POLY_GNOSIS_SAFE, 3 POLY_1271. */
  signatureType: number;
  /** The address holding the funds (proxy, safe or deposit wallet); the key's own address when absent. */
  funder?: string;
  /** The API key: the body's `owner`. */
  owner: string;
  /** The venue's order version (`GET /version`): 2 or 3. */
  version: number;
  chainId?: number;
};

export type MarketBuyRequest = {
  tokenId: string;
  /** Limit price, collateral to spend and the market's tick size, as decimal text. */
  price: string;
  amount: string;
  tickSize: string;
  negRisk: boolean;
  orderType: "FOK" | "FAK";
  /** The bytes32 the order carries (pm-arb's client order id). */
  metadata: string;
  /** A decimal integer the body carries as a JSON number, so below 2^53 (core/ledger/client-order-id.ts `orderSalt`). */
  salt: string;
  /** Milliseconds since the epoch, decimal: part of what is signed. */
  timestamp: string;
};

type SignedMarketBuy = {
  /** The EIP-712 hash of the order: the venue's id for it. */
  orderId: string;
  /** The `POST /order` body, as the official client serializes it. */
  body: string;
  /** Collateral and shares in 6-decimal units, as signed. */
  makerAmount: string;
  takerAmount: string;
  signature: string;
};

/**
 * An order with its amounts, salt, time and id fixed but not yet signed: the id (the EIP-712 digest)
 * is known before the signature, so it can be written to the store first (core/trade/engine.ts).
 */
export type PreparedMarketBuy = {
  /** The EIP-712 hash of the order: the venue's id for it. */
  orderId: string;
  makerAmount: string;
  takerAmount: string;
  request: MarketBuyRequest;
  salt: string;
  timestamp: string;
  /** The order's struct hash and domain separator (hex, no 0x): what the signature covers. */
  struct: string;
  domain: string;
};

export type OrderSigner = {
  /** The key's address (the L2 `POLY_ADDRESS`). */
  readonly address: string;
  /** Who holds the funds: the funder, or the key's address. */
  readonly maker: string;
  /** Amounts, salt, time and the order id: a few hashes, no signature yet. Throws on a bad request. */
  prepare(request: MarketBuyRequest): PreparedMarketBuy;
  /** The signature and the `POST /order` body of a prepared order. */
  sign(prepared: PreparedMarketBuy): SignedMarketBuy;
  /** `sign(prepare(request))`. */
  marketBuy(request: MarketBuyRequest): SignedMarketBuy;
};

const WORD_HEX = 64;
const ORDER_TYPE = TypedDataEncoder.from({ Order: ORDER_V2_STRUCT }).encodeType("Order");
const ORDER_TYPEHASH = hashText(ORDER_TYPE);
const WRAPPER_TYPEHASH = hashText(TypedDataEncoder.from({ TypedDataSign: TYPED_DATA_SIGN_STRUCT, Order: ORDER_V2_STRUCT }).encodeType("TypedDataSign"));
/** What POLY_1271 signatures append after the inner signature: the type string and its length. */
const ORDER_TYPE_TAIL = Buffer.from(ORDER_TYPE, "utf8").toString("hex") + ORDER_TYPE.length.toString(16).padStart(4, "0");
const DEPOSIT_WALLET_NAME = hashText("DepositWallet");
const DEPOSIT_WALLET_VERSION = hashText("1");
const SIDE_BUY = "0".repeat(WORD_HEX);
const ZERO_WORD = BYTES32_ZERO.slice(2);

function hashText(text: string): string {
  return keccak256(toUtf8Bytes(text)).slice(2);
}

/** keccak256 of hex (no 0x), as hex without 0x. */
function hashHex(hex: string): string {
  return keccak256(Buffer.from(hex, "hex")).slice(2);
}

function uintWord(text: string, what: string): string {
  if (!/^\d{1,78}$/.test(text)) throw new RangeError(`${what} ${JSON.stringify(text)} is not an unsigned integer`);
  const hex = BigInt(text).toString(16);
  if (hex.length > WORD_HEX) throw new RangeError(`${what} ${text} does not fit in uint256`);
  return hex.padStart(WORD_HEX, "0");
}

function addressWord(address: string): string {
  return getAddress(address).slice(2).toLowerCase().padStart(WORD_HEX, "0");
}

function bytes32Word(hex: string, what: string): string {
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new RangeError(`${what} ${JSON.stringify(hex)} is not a bytes32 hex string`);
  return hex.slice(2).toLowerCase();
}

export function createOrderSigner(options: OrderSignerOptions): OrderSigner {
  if (![0, 1, 2, 3].includes(options.signatureType)) throw new RangeError(`signature type ${options.signatureType} is not 0-3`);
  const chainId = options.chainId ?? CHAIN_ID;
  const key = new SigningKey(options.privateKey);
  const address = computeAddress(key.publicKey);
  const maker = options.funder ?? address;
  const poly1271 = options.signatureType === SIGNATURE_TYPES.POLY_1271;
  const orderSigner = poly1271 ? maker : address;
  const separator = (negRisk: boolean) => TypedDataEncoder.hashDomain(exchangeDomain(options.version, negRisk, chainId)).slice(2);
  const separators = { plain: separator(false), negRisk: separator(true) };
  const makerWord = addressWord(maker);
  const signerWord = addressWord(orderSigner);
  const typeWord = uintWord(String(options.signatureType), "signature type");
  const chainWord = uintWord(String(chainId), "chain id");

  const sign = (digestHex: string) => key.sign(`0x${digestHex}`).serialized;

  const prepare = (request: MarketBuyRequest): PreparedMarketBuy => {
    const { makerAmount, takerAmount } = marketBuyUnits(request.amount, request.price, request.tickSize);
    const { salt, timestamp } = request;
    if (!Number.isSafeInteger(Number(salt))) throw new RangeError(`salt ${JSON.stringify(salt)} is not an integer a JSON number holds exactly`);
    const struct = hashHex(
      ORDER_TYPEHASH +
        uintWord(salt, "salt") +
        makerWord +
        signerWord +
        uintWord(request.tokenId, "token id") +
        uintWord(makerAmount, "maker amount") +
        uintWord(takerAmount, "taker amount") +
        SIDE_BUY +
        typeWord +
        uintWord(timestamp, "timestamp") +
        bytes32Word(request.metadata, "metadata") +
        ZERO_WORD,
    );
    const domain = request.negRisk ? separators.negRisk : separators.plain;
    return { orderId: `0x${hashHex(`1901${domain}${struct}`)}`, makerAmount, takerAmount, request, salt, timestamp, struct, domain };
  };

  const signPrepared = (prepared: PreparedMarketBuy): SignedMarketBuy => {
    const { request, salt, timestamp, struct, domain, makerAmount, takerAmount } = prepared;
    let signature: string;
    if (!poly1271) signature = sign(prepared.orderId.slice(2));
    else {
      const wrapper = hashHex(WRAPPER_TYPEHASH + struct + DEPOSIT_WALLET_NAME + DEPOSIT_WALLET_VERSION + chainWord + signerWord + ZERO_WORD);
      signature = `${sign(hashHex(`1901${domain}${wrapper}`))}${domain}${struct}${ORDER_TYPE_TAIL}`;
    }
    const order = {
      salt: parseInt(salt, 10),
      maker,
      signer: orderSigner,
      tokenId: request.tokenId,
      makerAmount,
      takerAmount,
      side: "BUY",
      signatureType: options.signatureType,
      timestamp,
      expiration: "0",
      metadata: request.metadata,
      builder: BYTES32_ZERO,
      signature,
    };
    const body = JSON.stringify({ deferExec: false, postOnly: false, order, owner: options.owner, orderType: request.orderType });
    return { orderId: prepared.orderId, body, makerAmount, takerAmount, signature };
  };

  return { address, maker, prepare, sign: signPrepared, marketBuy: (request) => signPrepared(prepare(request)) };
}
