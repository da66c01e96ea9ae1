/** S1: the seeded spot price model, published as `app.prices` for every other sandbox part. */
import type { SandboxInstance } from "../server.ts";
import { SandboxPriceModel } from "./model.ts";

export function registerPrices(app: SandboxInstance): void {
  app.prices = new SandboxPriceModel(app.options);
}
