/** Placeholder: S1 — the seeded spot price model (app.prices). */
import type { SandboxInstance } from "../server.ts";

export function registerPrices(_app: SandboxInstance): void {}
