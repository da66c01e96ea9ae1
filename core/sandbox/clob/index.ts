/** Placeholder: S3 — CLOB auth (L1/L2), order signing checks, matching, balances, heartbeats, Data API. */
import type { SandboxInstance } from "../server.ts";

export function registerClob(_app: SandboxInstance): void {}
