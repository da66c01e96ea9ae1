/** Request and error counts per endpoint path, so tests can assert request budgets. */
export type Counter = { requests: number; errors: number };

export class Counters {
  private readonly byPath = new Map<string, Counter>();

  record(path: string, isError: boolean): void {
    const counter = this.byPath.getOrInsertComputed(path, () => ({ requests: 0, errors: 0 }));
    counter.requests += 1;
    if (isError) counter.errors += 1;
  }

  snapshot(): Record<string, Counter> {
    return Object.fromEntries([...this.byPath].map(([path, counter]) => [path, { ...counter }]));
  }

  reset(): void {
    this.byPath.clear();
  }
}
