/**
 * Balances at the venue, per funding address (lower-case): pUSD and outcome tokens in micro-units.
 * A wallet the venue has never seen starts with the sandbox's `balance` option in pUSD. Proxy
 * and Safe funders are derived from the signing key; deposit-wallet funders are linked to the key
 * that uses them, so balance queries made with that key's API credentials can find them.
 */
import { ownWalletOf } from "./own-wallets.ts";

export type Holding = { tokenId: string; amount: bigint };

type Account = { collateral: bigint; tokens: Map<string, bigint> };

export class Accounts {
  private readonly byAddress = new Map<string, Account>();
  private readonly funders = new Map<string, string>();

  constructor(private readonly initialCollateral: bigint) {}

  /** Touches an address: a newly seen wallet is funded with the starting balance. */
  ensure(address: string): void {
    this.account(address);
  }

  collateral(address: string): bigint {
    return this.account(address).collateral;
  }

  tokens(address: string, tokenId: string): bigint {
    return this.account(address).tokens.get(tokenId) ?? 0n;
  }

  addCollateral(address: string, delta: bigint): void {
    this.account(address).collateral += delta;
  }

  addTokens(address: string, tokenId: string, delta: bigint): void {
    const tokens = this.account(address).tokens;
    const next = (tokens.get(tokenId) ?? 0n) + delta;
    if (next === 0n) tokens.delete(tokenId);
    else tokens.set(tokenId, next);
  }

  holdings(address: string): Holding[] {
    return [...this.account(address).tokens].map(([tokenId, amount]) => ({ tokenId, amount })).filter((holding) => holding.amount > 0n);
  }

  /** Every address holding a token (for resolution payouts). */
  holdersOf(tokenId: string): string[] {
    return [...this.byAddress].filter(([, account]) => (account.tokens.get(tokenId) ?? 0n) > 0n).map(([address]) => address);
  }

  /** Remembers which deposit wallet a signing key trades for (POLY_1271, not derivable from the key). */
  linkFunder(signer: string, signatureType: number, funder: string): void {
    this.funders.set(`${signer.toLowerCase()}:${signatureType}`, funder.toLowerCase());
  }

  /**
   * The address whose balances a key sees for a signature type: the key itself for EOA, its own
   * proxy or Safe for types 1 and 2, the deposit wallet it last traded for under type 3.
   */
  funderOf(signer: string, signatureType: number): string {
    if (signatureType === 0) return signer.toLowerCase();
    if (signatureType === 1 || signatureType === 2) return ownWalletOf(signer, signatureType).toLowerCase();
    return this.funders.get(`${signer.toLowerCase()}:${signatureType}`) ?? signer.toLowerCase();
  }

  private account(address: string): Account {
    return this.byAddress.getOrInsertComputed(address.toLowerCase(), () => ({ collateral: this.initialCollateral, tokens: new Map() }));
  }
}
