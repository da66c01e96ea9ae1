/**
 * Coalescing per key for a slow consumer: `push` replaces whatever is still waiting for the same key,
 * and a drain loop hands the latest value per key to the sink, awaiting it when it is async. Bursts
 * within one turn of the event loop collapse to one value per symbol; a consumer that is busy never
 * receives a backlog of outdated prices.
 */
export class Coalescer<T> {
  private readonly pending = new Map<string, T>();
  private draining?: Promise<void>;
  /** Values replaced before the sink saw them. */
  dropped = 0;

  constructor(private readonly sink: (value: T) => void | Promise<void>) {}

  push(key: string, value: T): void {
    if (this.pending.has(key)) this.dropped++;
    this.pending.set(key, value);
    this.draining ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.size > 0) {
        const batch = [...this.pending.values()];
        this.pending.clear();
        for (const value of batch) {
          const result = this.sink(value);
          if (result instanceof Promise) await result;
        }
      }
    } finally {
      this.draining = undefined;
    }
  }

  /** Resolves once everything pushed so far has reached the sink. */
  async flushed(): Promise<void> {
    while (this.draining) await this.draining;
  }
}
