/**
 * Polls an in-process condition until it holds; past the deadline it fails with what it waited for
 * (a clearer failure than the test's timeout, and a wait that can never hang a test file).
 *
 *   await until(() => channel.state === "up", "the channel up");
 */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await Bun.sleep(10);
  }
}
