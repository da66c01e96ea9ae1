/**
 * The full sandbox venue: the server plus every service module, registered in dependency order
 * (prices first; books read prices; the exchange reads books).
 */
import { registerClob } from "./clob/index.ts";
import type { SandboxOptions } from "./options.ts";
import { registerPolymarket } from "./polymarket/index.ts";
import { registerPrices } from "./prices/index.ts";
import { type SandboxHandle, startSandbox } from "./server.ts";
import { registerSpotProviders } from "./spot/index.ts";

export function startVenue(overrides: Partial<SandboxOptions> = {}): Promise<SandboxHandle> {
  return startSandbox(overrides, [registerPrices, registerSpotProviders, registerPolymarket, registerClob]);
}

export type { SandboxOptions } from "./options.ts";
export type { SandboxHandle } from "./server.ts";
