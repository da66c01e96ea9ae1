/** Test helpers for CLOB order tests: a trading client per fresh wallet, admin calls, balances. */
import type { ClobClientOptions } from "@polymarket/clob-client-v2";
import { Decimal } from "../../../core/decimal.ts";
import { deriveTestCreds, newTestWallet, sandboxClobClient, type TypedDataWallet } from "../../helpers/sandbox-wallet.ts";

export async function newTrader(url: string, options: Partial<ClobClientOptions> = {}) {
  const wallet: TypedDataWallet = newTestWallet();
  const creds = await deriveTestCreds(url, wallet);
  return { wallet, creds, client: sandboxClobClient(url, wallet, creds, options) };
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

/** An order call's answer read as a plain record (the official client returns error bodies in place of orders). */
export const reply = (value: unknown) => value as Record<string, unknown>;
