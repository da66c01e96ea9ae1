/**
 * Polymarket's venue session (core/adapters/venue.ts `VenueSession`), over two paths.
 *
 * The hot path — building, signing and posting an order, and the heartbeat — never touches the
 * official client: orders are signed by orders/order-signer.ts (warmed when the session opens so
 * the first order does not pay the curve's table set-up) and posted through `fetch` with a hard
 * timeout — `client.postOrder` has none and, after a match, polls the trades for up to 30 s, while
 * the executor needs a bounded call whose every ending it classifies itself (venue-errors.ts).
 *
 * The cold paths (deriving the API key, the order version, the reads) are the client's endpoints,
 * sent the same way (requests.ts). The client and ethers are imported only when a session opens
 * (paper and the cold commands never load them). Every message passes through `redact`.
 */
import type { ApiKeyCreds } from "@polymarket/clob-client-v2";
import type { TypedDataDomain, TypedDataField } from "ethers";
import { Credentials } from "../../../credentials.ts";
import { type Decimal, ZERO } from "../../../decimal.ts";
import { retryAfterMs } from "../../../http/fetch-json.ts";
import { fromUnits } from "../../../ledger/amounts.ts";
import { orderSalt } from "../../../ledger/client-order-id.ts";
import { decimalOr } from "../../../safe-parse.ts";
import type { VenueSession } from "../../venue.ts";
import type { OrderSigner } from "../orders/order-signer.ts";
import { BYTES32_ZERO } from "../wire/contracts.ts";
import { l2HeaderSigner } from "../wire/l2-auth.ts";
import { allPages, clobRequests, deriveApiCreds, parsed, type Query } from "./requests.ts";
import { clobFailure, INVALID_HEARTBEAT_ID, InvalidHeartbeatId } from "./session-errors.ts";
import { redactor } from "./venue-errors.ts";
import { readOpenOrders, readOrderLookup, readServerTime, readTrades } from "./venue-reads.ts";

export type SessionOptions = { clobUrl: string; chainId: number; credentials: Credentials; timeoutMs: number };

type TypedFields = Record<string, TypedDataField[]>;

/** The ethers v6 wallet as the v5-style signer the client wants (a raw v6 wallet is mistaken for viem). */
export function walletAdapter(wallet: { address: string; signTypedData(domain: TypedDataDomain, types: TypedFields, value: Record<string, unknown>): Promise<string> }) {
  return {
    _signTypedData: (domain: TypedDataDomain, types: TypedFields, value: Record<string, unknown>) => {
      const { EIP712Domain: _, ...rest } = types;
      return wallet.signTypedData(domain, rest, value);
    },
    getAddress: async () => wallet.address,
  };
}

/** A balance or allowance as the venue sent it: micro-units as digits, else a decimal, else 0. */
const amount = (value: unknown): Decimal => (/^\d+$/.test(String(value)) ? fromUnits(String(value)) : decimalOr(value, ZERO));

/** The heartbeat answer: the next id, or the venue's "Invalid Heartbeat ID" with the id it expects. */
function heartbeatAnswer(status: number, body: unknown): string {
  const answer = (body && typeof body === "object" ? body : {}) as { heartbeat_id?: unknown; error_msg?: unknown; error?: unknown };
  const message = typeof answer.error_msg === "string" ? answer.error_msg : typeof answer.error === "string" ? answer.error : undefined;
  if (status === 200 && typeof answer.heartbeat_id === "string" && answer.heartbeat_id !== "" && message === undefined) return answer.heartbeat_id;
  if (status === 400 && message === INVALID_HEARTBEAT_ID && typeof answer.heartbeat_id === "string") throw new InvalidHeartbeatId(answer.heartbeat_id);
  throw Object.assign(new Error(message ?? (typeof body === "string" && body !== "" ? body : "no heartbeat id in the answer")), { status });
}

/** Signs throwaway orders and requests so the first real order pays no first-call cost (curve tables, JIT). */
function warm(orders: OrderSigner, l2: ReturnType<typeof l2HeaderSigner>): void {
  for (let i = 0; i < 8; i++) {
    const signed = orders.marketBuy({
      tokenId: String(i + 1),
      price: "0.5",
      amount: "1",
      tickSize: "0.01",
      negRisk: i % 2 === 1,
      orderType: "FOK",
      metadata: BYTES32_ZERO,
      salt: String(i),
      timestamp: "0",
    });
    l2("POST", "/order", signed.body);
  }
  fromUnits("1000000");
}

export async function openClobSession(options: SessionOptions): Promise<VenueSession> {
  const [clob, ethers, { createOrderSigner }] = await Promise.all([import("@polymarket/clob-client-v2"), import("ethers"), import("../orders/order-signer.ts")]);
  const privateKey = options.credentials.privateKeyForSigning();
  const wallet = new ethers.Wallet(privateKey);
  const chain = options.chainId as 137;
  const host = options.clobUrl;
  const requests = clobRequests(host, options.timeoutMs);
  const given = options.credentials.apiCredsForSigning();
  const creds: ApiKeyCreds =
    given ??
    (await deriveApiCreds(
      requests,
      async () => {
        const { POLY_ADDRESS, POLY_SIGNATURE, POLY_TIMESTAMP, POLY_NONCE } = await clob.createL1Headers(walletAdapter(wallet), chain);
        return { POLY_ADDRESS, POLY_SIGNATURE, POLY_TIMESTAMP, POLY_NONCE };
      },
      redactor([privateKey]),
    ));
  // Held masked from here on: every string form of a Credentials hides the secret and passphrase.
  const held = new Credentials(privateKey, { key: creds.key, secret: creds.secret, passphrase: creds.passphrase }, options.credentials.funder, options.credentials.signatureType);
  // The API key too: with the passphrase it is half of what an L2 request needs.
  const secrets = [privateKey, creds.key, creds.secret, creds.passphrase];
  const scrub = redactor(secrets);
  const signatureType = options.credentials.signatureType;
  const l2 = l2HeaderSigner({ address: wallet.address, key: creds.key, secret: creds.secret, passphrase: creds.passphrase });
  /** An L2-signed read; the L2 signature covers the path without its query, as the client signs it. */
  const read = (path: string, query?: Query) => requests.read(path, { ...l2("GET", path) }, query);
  let version: number;
  try {
    version = Number(((await requests.read("/version")) as { version?: unknown } | undefined)?.version ?? 2);
  } catch (error) {
    throw clobFailure("GET /version", error, scrub);
  }
  const orders = createOrderSigner({ privateKey, signatureType, funder: options.credentials.funder, owner: creds.key, version, chainId: chain });
  warm(orders, l2);
  const guarded = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (error instanceof InvalidHeartbeatId) throw error;
      throw clobFailure(what, error, scrub);
    }
  };
  /** One authenticated POST, bounded by the session's timeout. */
  const send = (path: string, body: string, headers = l2("POST", path, body)) => requests.send("POST", path, { headers: { ...headers }, body });
  const paged = (path: string, params: Query) => allPages<unknown>((cursor) => read(path, { ...params, next_cursor: cursor }));

  return {
    signer: wallet.address,
    maker: orders.maker,
    signatureType,
    apiKey: String((held.toJSON() as { api_key: string }).api_key),
    derived: given === undefined,
    credentials: held,
    redact: scrub,

    prepareMarketBuy(intent) {
      const signerOrder = orders.prepare({
        tokenId: intent.tokenId,
        price: intent.price.toString(),
        amount: intent.budget.toString(),
        tickSize: intent.tickSize.toString(),
        negRisk: intent.negRisk,
        orderType: intent.orderType,
        metadata: intent.clientOrderId,
        // Both from the opportunity and the decision, never from this process or clock: the same
        // order built twice (another store, a restart) is the same bytes, refused by the venue as
        // "Duplicated" rather than placed again.
        salt: orderSalt(intent.clientOrderId),
        timestamp: String(intent.evaluatedAt.getTime()),
      });
      return {
        orderId: signerOrder.orderId,
        clientOrderId: intent.clientOrderId,
        makerAmount: fromUnits(signerOrder.makerAmount),
        takerAmount: fromUnits(signerOrder.takerAmount),
        signerOrder,
      };
    },

    signMarketBuy(order) {
      const signed = orders.sign(order.signerOrder);
      return { orderId: signed.orderId, body: signed.body, makerAmount: order.makerAmount, takerAmount: order.takerAmount, metadata: order.clientOrderId };
    },

    async post(order) {
      const headers = l2("POST", "/order", order.body);
      let response: Response;
      let body: string;
      try {
        response = await send("/order", order.body, headers);
        // A proxy that echoes the request must not hand this request's signature on (the secrets
        // themselves are redacted wherever the answer is shown or kept).
        body = redactor([headers.POLY_SIGNATURE])(await response.text());
      } catch (error) {
        const err = error as { name?: string; code?: string; message?: string };
        const refused = err.code === "ECONNREFUSED" || err.code === "ConnectionRefused";
        const message = err.name === "TimeoutError" ? `no answer within ${options.timeoutMs} ms` : scrub(err.message ?? "network error");
        return { kind: "no-answer", sent: !refused, message };
      }
      const retryAfter = retryAfterMs(response.headers.get("retry-after"));
      return { kind: "answer", httpStatus: response.status, body: parsed(body), ...(retryAfter ? { retryAfterMs: retryAfter } : {}) };
    },

    timeoutMs: options.timeoutMs,
    trades: (params) => guarded("trades", async () => readTrades(await paged("/data/trades", params))),
    openOrders: (params) => guarded("open orders", async () => readOpenOrders(await paged("/data/orders", params))),
    order: (orderId) => guarded("order lookup", async () => readOrderLookup(await read(`/data/order/${orderId}`))),
    serverTime: () => guarded("time", async () => readServerTime(await requests.read("/time"))),
    heartbeat: (previousId) =>
      guarded("heartbeat", async () => {
        const response = await send("/v1/heartbeats", JSON.stringify({ heartbeat_id: previousId }));
        return heartbeatAnswer(response.status, parsed(await response.text()));
      }),
    closedOnly: () => guarded("closed-only status", async () => Boolean(((await read("/auth/ban-status/closed-only")) as { closed_only?: unknown } | undefined)?.closed_only)),
    collateral: () =>
      guarded("balance", async () => {
        const answer = (await read("/balance-allowance", { asset_type: clob.AssetType.COLLATERAL, signature_type: signatureType })) as
          | { balance?: unknown; allowances?: Record<string, unknown> }
          | undefined;
        const allowances = Object.fromEntries(Object.entries(answer?.allowances ?? {}).map(([spender, value]) => [spender, amount(value)]));
        return { balance: amount(answer?.balance), allowances };
      }),
  };
}
