/** Temporary: the sandbox's import path until its imports are repointed to core/adapters/polymarket/wire/l2-auth.ts (issue 14); then delete this file. */
export * from "../adapters/polymarket/wire/l2-auth.ts";
