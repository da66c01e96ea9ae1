/** Temporary: the sandbox's import path until its imports are repointed to core/adapters/polymarket/wire/contracts.ts (issue 14); then delete this file. */
export * from "../adapters/polymarket/wire/contracts.ts";
