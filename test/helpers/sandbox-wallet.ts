/**
 * A test wallet for the official CLOB client against the sandbox. The client accepts an ethers-v5
 * style signer (`_signTypedData` + `getAddress`) or a viem wallet client; an ethers v6 `Wallet`
 * has `signTypedData` and so is taken for a viem client and fails. `clobSigner` is the tiny adapter.
 * Keys are generated per run and never leave the process.
 */
import { type ApiKeyCreds, ClobClient, type ClobClientOptions } from "@polymarket/clob-client-v2";
import { type TypedDataDomain, type TypedDataField, Wallet } from "ethers";

export type TypedDataWallet = {
  readonly address: string;
  signTypedData(domain: TypedDataDomain, types: Record<string, TypedDataField[]>, value: Record<string, unknown>): Promise<string>;
};

export function newTestWallet(): TypedDataWallet {
  return Wallet.createRandom();
}

/** The ethers-v5 shape the official client expects, around an ethers v6 wallet. */
export function clobSigner(wallet: TypedDataWallet) {
  return {
    _signTypedData: (domain: Record<string, unknown>, types: Record<string, Array<{ name: string; type: string }>>, value: Record<string, unknown>) =>
      wallet.signTypedData(domain as TypedDataDomain, types, value),
    getAddress: async () => wallet.address,
  };
}

/** The official client pointed at the sandbox's CLOB prefix, chain 137. */
export function sandboxClobClient(url: string, wallet: TypedDataWallet, creds?: ApiKeyCreds, options: Partial<ClobClientOptions> = {}): ClobClient {
  return new ClobClient({ host: `${url}/clob`, chain: 137, signer: clobSigner(wallet), creds, ...options });
}

/** API credentials for the wallet, created (or derived) through the sandbox's L1 endpoints. */
export async function deriveTestCreds(url: string, wallet: TypedDataWallet): Promise<ApiKeyCreds> {
  const creds = await sandboxClobClient(url, wallet).createOrDeriveApiKey();
  if (!creds.key || !creds.secret || !creds.passphrase) throw new Error(`sandbox did not return API credentials for ${wallet.address}`);
  return creds;
}

/**
 * Plugs into `startTestSandbox().fundedWallet()`: a private key's wallet with API credentials
 * derived on the sandbox (which also funds it with the sandbox's starting pUSD balance).
 */
export async function withTestCreds<T extends { privateKey: string }>(
  url: string,
  wallet: T,
): Promise<T & { address: string; creds: { apiKey: string; secret: string; passphrase: string } }> {
  const signer = new Wallet(wallet.privateKey);
  const creds = await deriveTestCreds(url, signer);
  return { ...wallet, address: signer.address, creds: { apiKey: creds.key, secret: creds.secret, passphrase: creds.passphrase } };
}

/** The official client trading as a funded test wallet (`startTestSandbox().fundedWallet()`), with its API credentials. */
export function walletClient(url: string, wallet: { privateKey: string; creds?: { apiKey: string; secret: string; passphrase: string } }): ClobClient {
  const creds = wallet.creds && { key: wallet.creds.apiKey, secret: wallet.creds.secret, passphrase: wallet.creds.passphrase };
  return sandboxClobClient(url, new Wallet(wallet.privateKey), creds);
}
