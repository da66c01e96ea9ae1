/** drizzle-kit: `bunx drizzle-kit generate` writes migrations for core/store/schema.ts into drizzle/. */
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./core/store/schema.ts",
  out: "./drizzle",
});
