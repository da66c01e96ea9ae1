/**
 * Balances at the venue, per funding address (lower-case): pUSD and outcome tokens in micro-units.
 * A wallet the venue has never seen starts with the sandbox's `balance` option in pUSD. Proxy, safe
 * and deposit-wallet funders are linked to the signing key that uses them, so balance queries made
 * with that key's API credentials can find them.
 */
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

  /** Remembers which funder a signing key trades for under a signature type (1, 2 or 3). */
  linkFunder(signer: string, signatureType: number, funder: string): void {
    this.funders.set(`${signer.toLowerCase()}:${signatureType}`, funder.toLowerCase());
  }

  /** The address whose balances a key sees for a signature type (the key itself for EOA). */
  funderOf(signer: string, signatureType: number): string {
    if (signatureType === 0) return signer.toLowerCase();
    return this.funders.get(`${signer.toLowerCase()}:${signatureType}`) ?? signer.toLowerCase();
  }

  private account(address: string): Account {
    const key = address.toLowerCase();
    let account = this.byAddress.get(key);
    if (!account) {
      account = { collateral: this.initialCollateral, tokens: new Map() };
      this.byAddress.set(key, account);
    }
    return account;
  }
}
