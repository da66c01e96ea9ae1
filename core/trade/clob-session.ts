/**
 * The live venue session: the official `@polymarket/clob-client-v2` and ethers, both imported
 * lazily (only the live path and `trade auth` load them — ~350 ms and a test asserts paper never
 * does), an ethers-v6 wallet wrapped in the v5-style signer the client expects, L2 API credentials
 * taken from the environment or derived once with L1 and held in a masked `Credentials`, and a
 * small typed surface the executors use.
 *
 * Orders are signed by the client (`createMarketOrder`: the client's own amount rounding, version
 * and exchange resolution) and posted with the client's own serializer and L2 headers — but through
 * `fetch` with a hard timeout rather than `client.postOrder`, which has no timeout and, after a
 * match, polls the trades for up to 30 s: the executor needs a bounded call whose every ending it
 * classifies itself (venue-errors.ts). Reads (trades, open orders, heartbeats, balance) go through
 * the client with `throwOnError`, under a global axios timeout.
 */
import type { ApiKeyCreds, ClobClient, OpenOrder, Trade } from "@polymarket/clob-client-v2";
import { RuntimeFailure } from "../cli/errors.ts";
import { Credentials } from "../credentials.ts";
import { Decimal } from "../decimal.ts";
import type { OrderIntent } from "./intent.ts";
import { fromUnits } from "./amounts.ts";
import { redact, type PostOutcome } from "./venue-errors.ts";
import { EXCHANGE_DOMAIN_NAME, ORDER_V2_STRUCT } from "../venue/polymarket-contracts.ts";

export type SessionOptions = { clobUrl: string; chainId: number; credentials: Credentials; timeoutMs: number };

export type SignedOrderToSend = {
  /** The venue's id for it: the EIP-712 order hash, known before sending. */
  orderId: string;
  body: string;
  makerAmount: Decimal;
  takerAmount: Decimal;
  metadata: string;
};

export type VenueTrade = {
  id: string;
  takerOrderId: string;
  market: string;
  assetId: string;
  side: string;
  size: Decimal;
  price: Decimal;
  /** Upper-case venue status: MATCHED, MINED, CONFIRMED, RETRYING, FAILED. */
  status: string;
  traderSide: string;
  makerOrders: { orderId: string; price: Decimal; matchedAmount: Decimal }[];
};

export type VenueOpenOrder = { id: string; status: string; market: string; assetId: string; originalSize: Decimal; sizeMatched: Decimal; price: Decimal; associateTrades: string[]; metadata?: string };

export interface ClobSession {
  readonly signer: string;
  /** The address that holds the funds (funder, or the signer for an EOA). */
  readonly maker: string;
  readonly signatureType: number;
  /** The API key, masked. */
  readonly apiKey: string;
  /** True when the API credentials were derived with L1 (not given in the environment). */
  readonly derived: boolean;
  redact(text: string): string;
  signMarketBuy(intent: OrderIntent): Promise<SignedOrderToSend>;
  post(order: SignedOrderToSend): Promise<PostOutcome>;
  trades(params: { id?: string; market?: string; asset_id?: string }): Promise<VenueTrade[]>;
  openOrders(params: { id?: string; market?: string; asset_id?: string }): Promise<VenueOpenOrder[]>;
  /** Sends a heartbeat; returns the id to send next. */
  heartbeat(previousId: string): Promise<string>;
  closedOnly(): Promise<boolean>;
  collateral(): Promise<{ balance: Decimal; allowances: Record<string, Decimal> }>;
}

/** The ethers v6 wallet as the v5-style signer the client wants (a raw v6 wallet is mistaken for viem). */
export function walletAdapter(wallet: { address: string; signTypedData(domain: any, types: any, value: any): Promise<string> }) {
  return {
    _signTypedData: (domain: any, types: Record<string, unknown>, value: any) => {
      const { EIP712Domain: _, ...rest } = types;
      return wallet.signTypedData(domain, rest, value);
    },
    getAddress: async () => wallet.address,
  };
}

function text(value: unknown): string {
  return typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
}

function dec(value: unknown): Decimal {
  try {
    const parsed = new Decimal(text(value) || "0");
    return parsed.isFinite() ? parsed : new Decimal(0);
  } catch {
    return new Decimal(0);
  }
}

function toTrade(raw: Trade): VenueTrade {
  return {
    id: text(raw.id),
    takerOrderId: text(raw.taker_order_id),
    market: text(raw.market),
    assetId: text(raw.asset_id),
    side: text(raw.side),
    size: dec(raw.size),
    price: dec(raw.price),
    status: text(raw.status).toUpperCase(),
    traderSide: text(raw.trader_side),
    makerOrders: (raw.maker_orders ?? []).map((maker) => ({ orderId: text(maker.order_id), price: dec(maker.price), matchedAmount: dec(maker.matched_amount) })),
  };
}

function toOpenOrder(raw: OpenOrder & { metadata?: unknown }): VenueOpenOrder {
  return {
    id: text(raw.id),
    status: text(raw.status).toUpperCase(),
    market: text(raw.market),
    assetId: text(raw.asset_id),
    originalSize: dec(raw.original_size),
    sizeMatched: dec(raw.size_matched),
    price: dec(raw.price),
    associateTrades: Array.isArray(raw.associate_trades) ? raw.associate_trades.map(text) : [],
    ...(typeof raw.metadata === "string" ? { metadata: raw.metadata } : {}),
  };
}

/** Derives (or, for a new wallet, creates) the L2 API key with an L1 signature. */
async function deriveApiCreds(client: ClobClient): Promise<ApiKeyCreds> {
  const derived = (await client.deriveApiKey().catch(() => undefined)) as (ApiKeyCreds & { error?: unknown }) | undefined;
  if (derived?.key && derived.secret && derived.passphrase) return derived;
  const created = (await client.createApiKey().catch(() => undefined)) as (ApiKeyCreds & { error?: unknown }) | undefined;
  if (created?.key && created.secret && created.passphrase) return created;
  throw new RuntimeFailure("could not derive or create CLOB API credentials with the wallet key (L1); check the key and signature type with pm-arb trade auth");
}

export async function openClobSession(options: SessionOptions): Promise<ClobSession> {
  const [clob, ethers, axios] = await Promise.all([import("@polymarket/clob-client-v2"), import("ethers"), import("axios")]);
  // The client's requests have no timeout of their own.
  axios.default.defaults.timeout = options.timeoutMs;
  const { ClobClient, OrderType, Side, createL2Headers, orderToJsonV2, getContractConfig } = clob;
  const wallet = new ethers.Wallet(options.credentials.privateKeyForSigning());
  const signer = walletAdapter(wallet);
  const chain = options.chainId as 137;
  const host = options.clobUrl;
  const given = options.credentials.apiCredsForSigning();
  const creds: ApiKeyCreds = given ?? (await deriveApiCreds(new ClobClient({ host, chain, signer, throwOnError: false })));
  // Held masked from here on: every string form of a Credentials hides the secret and passphrase.
  const held = new Credentials(options.credentials.privateKeyForSigning(), { key: creds.key, secret: creds.secret, passphrase: creds.passphrase }, options.credentials.funder, options.credentials.signatureType);
  const secrets = [options.credentials.privateKeyForSigning(), creds.secret, creds.passphrase];
  const signatureType = options.credentials.signatureType;
  const maker = options.credentials.funder ?? wallet.address;
  const client = new ClobClient({ host, chain, signer, creds, signatureType, funderAddress: options.credentials.funder, throwOnError: true });
  const version = await client.getVersion();
  const contracts = getContractConfig(chain);
  const scrub = (text: string) => redact(text, secrets);
  const guarded = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      const status = (error as { status?: number }).status;
      throw new RuntimeFailure(`clob ${what} failed${status ? ` (${status})` : ""}: ${scrub((error as Error).message ?? String(error))}`);
    }
  };

  return {
    signer: wallet.address,
    maker,
    signatureType,
    apiKey: String((held.toJSON() as { api_key: string }).api_key),
    derived: given === undefined,
    redact: scrub,

    async signMarketBuy(intent) {
      const signed = await client.createMarketOrder(
        { tokenID: intent.tokenId, price: Number(intent.price.toString()), amount: Number(intent.budget.toString()), side: Side.BUY, orderType: intent.orderType === "FAK" ? OrderType.FAK : OrderType.FOK, metadata: intent.clientOrderId },
        { tickSize: intent.tickSize.toString() as "0.01", negRisk: intent.negRisk, version: version as never },
      );
      const order = signed as unknown as Record<string, string | number>;
      const verifyingContract = version === 3 ? contracts.exchangeV3 : intent.negRisk ? contracts.negRiskExchangeV2 : contracts.exchangeV2;
      const domain = { name: EXCHANGE_DOMAIN_NAME, version: String(version === 3 ? 3 : 2), chainId: chain, verifyingContract };
      const message = { ...order, side: order.side === "BUY" ? 0 : 1 };
      const orderId = ethers.TypedDataEncoder.hash(domain, { Order: ORDER_V2_STRUCT }, message);
      const body = JSON.stringify(orderToJsonV2(signed as never, creds.key, intent.orderType === "FAK" ? OrderType.FAK : OrderType.FOK, false, false));
      return { orderId, body, makerAmount: fromUnits(String(order.makerAmount)), takerAmount: fromUnits(String(order.takerAmount)), metadata: String(order.metadata) };
    },

    async post(order) {
      const headers = await createL2Headers(signer, creds, { method: "POST", requestPath: "/order", body: order.body });
      let response: Response;
      let body: string;
      try {
        response = await fetch(`${host}/order`, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json", accept: "application/json" } as Record<string, string>,
          body: order.body,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        body = await response.text();
      } catch (error) {
        const err = error as { name?: string; code?: string; message?: string };
        const refused = err.code === "ECONNREFUSED" || err.code === "ConnectionRefused";
        const message = err.name === "TimeoutError" ? `no answer within ${options.timeoutMs} ms` : scrub(err.message ?? "network error");
        return { kind: "no-answer", sent: !refused, message };
      }
      let parsed: unknown = body;
      try {
        parsed = JSON.parse(body);
      } catch {}
      const retryAfter = Number(response.headers.get("retry-after"));
      return { kind: "answer", httpStatus: response.status, body: parsed, ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) };
    },

    trades: (params) => guarded("trades", async () => (await client.getTrades(params)).map(toTrade)),
    openOrders: (params) => guarded("open orders", async () => ((await client.getOpenOrders(params)) as (OpenOrder & { metadata?: unknown })[]).map(toOpenOrder)),
    heartbeat: (previousId) =>
      guarded("heartbeat", async () => {
        const answer = await client.postHeartbeat(previousId);
        if (!answer?.heartbeat_id) throw new Error(answer?.error_msg ?? "no heartbeat id in the answer");
        return answer.heartbeat_id;
      }),
    closedOnly: () => guarded("closed-only status", async () => Boolean((await client.getClosedOnlyMode())?.closed_only)),
    collateral: () =>
      guarded("balance", async () => {
        const answer = await client.getBalanceAllowance({ asset_type: clob.AssetType.COLLATERAL });
        const allowances: Record<string, Decimal> = {};
        for (const [spender, amount] of Object.entries(answer?.allowances ?? {})) allowances[spender] = /^\d+$/.test(String(amount)) ? fromUnits(String(amount)) : dec(amount);
        return { balance: /^\d+$/.test(String(answer?.balance)) ? fromUnits(String(answer.balance)) : dec(answer?.balance), allowances };
      }),
  };
}

