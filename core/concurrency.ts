/** Runs `fn` over `items` with at most `limit` calls in flight; stops starting new ones once `halt()` says so. */
export async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>, halt: () => boolean = () => false): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !halt()) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
