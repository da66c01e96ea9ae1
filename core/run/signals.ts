/**
 * SIGINT/SIGTERM: the first asks the loop to stop gracefully (no new orders, in-flight ones
 * finished or reconciled, final summary, exit 0); a second exits at once (status 130/143), for a
 * person who does not want to wait. Returns the uninstaller.
 */
export function installSignals(onFirst: (signal: NodeJS.Signals) => void): () => void {
  let received = 0;
  const handler = (signal: NodeJS.Signals) => {
    received++;
    if (received === 1) {
      process.stderr.write(`pm-arb: ${signal}: stopping gracefully (again to exit at once)\n`);
      onFirst(signal);
      return;
    }
    process.stderr.write(`pm-arb: ${signal} again: exiting now\n`);
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}
