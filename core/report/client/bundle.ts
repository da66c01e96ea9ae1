/**
 * The page's script — client/page.ts with uPlot — bundled for the browser into one string. Imported
 * `with { type: "macro" }` (html.ts), so it runs when the code is bundled: `bun build --compile`
 * puts the finished string inside the executable, and the compiled binary needs neither
 * node_modules nor the sources to write a report. Run from the sources, Bun runs it on load.
 * (Bun.build cannot be called from a macro while the bundler waits on it; its CLI can.)
 */
import { join } from "node:path";

export function pageScript(): string {
  const entry = join(import.meta.dir, "page.ts");
  const built = Bun.spawnSync([process.execPath, "build", entry, "--target=browser", "--format=iife", "--minify"], { stdout: "pipe", stderr: "pipe" });
  if (!built.success) throw new Error(`bundling ${entry} failed: ${built.stderr.toString()}`);
  return built.stdout.toString();
}
