/** Placeholder: S2 — Gamma catalog, market makers' books, CLOB public endpoints, market channel WS. */
import type { SandboxInstance } from "../server.ts";

export function registerPolymarket(_app: SandboxInstance): void {}
