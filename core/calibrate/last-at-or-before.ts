/** How many items have a time at or before `at`, in items sorted by that time (binary search). */
export function countAtOrBefore<T>(items: readonly T[], at: number, timeOf: (item: T) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (timeOf(items[mid]!) <= at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The last item whose time is at or before `at`, in items sorted by that time. */
export function lastAtOrBefore<T>(items: readonly T[], at: number, timeOf: (item: T) => number): T | undefined {
  const count = countAtOrBefore(items, at, timeOf);
  return count > 0 ? items[count - 1] : undefined;
}
