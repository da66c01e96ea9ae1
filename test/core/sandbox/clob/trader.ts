/** Test helpers for CLOB order tests: a trading client per fresh wallet, admin calls, fee oracle. */
import type { ClobClientOptions } from "@polymarket/clob-client-v2";
import { Decimal } from "../../../../core/decimal.ts";
import { deriveTestCreds, newTestWallet, sandboxClobClient, type TypedDataWallet } from "../../../helpers/sandbox-wallet.ts";
import { FEE } from "./stand-in.ts";

export async function newTrader(url: string, options: Partial<ClobClientOptions> = {}) {
  const wallet: TypedDataWallet = newTestWallet();
  const creds = await deriveTestCreds(url, wallet);
  return { wallet, creds, client: sandboxClobClient(url, wallet, creds, options) };
}

async function admin<T>(url: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${url}/admin${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`admin ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export const addFault = (url: string, spec: string) => admin(url, "/faults", { add: [spec] });
export const clearFaults = (url: string) => admin(url, "/faults", { clear: true });
export const advance = (url: string, ms: number) => admin<{ now: number }>(url, "/clock", { advance_ms: ms });

/** The market's taker fee for fills, computed independently: Σ shares × rate × p(1−p), each rounded to 1e-6. */
export function expectedFee(fills: { shares: string; price: string }[]): Decimal {
  return fills.reduce((sum, fill) => {
    const p = new Decimal(fill.price);
    return sum.add(new Decimal(fill.shares).mul(FEE.rate).mul(p.mul(new Decimal(1).sub(p))).toDecimalPlaces(6, Decimal.ROUND_HALF_UP));
  }, new Decimal(0));
}

/** pUSD balance (human units) of the client's wallet. */
export async function collateral(client: { getBalanceAllowance(params: never): Promise<{ balance: string }> }): Promise<Decimal> {
  const response = await client.getBalanceAllowance({ asset_type: "COLLATERAL" } as never);
  return new Decimal(response.balance).div(1_000_000);
}

export async function tokens(client: { getBalanceAllowance(params: never): Promise<{ balance: string }> }, tokenId: string): Promise<Decimal> {
  const response = await client.getBalanceAllowance({ asset_type: "CONDITIONAL", token_id: tokenId } as never);
  return new Decimal(response.balance).div(1_000_000);
}
