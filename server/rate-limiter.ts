/**
 * A fixed-window counter per key, in memory (per process): at most `limit` hits per key in each
 * window of `windowMs`. Time comes from the caller, so the test clock drives it too.
 */
export class WindowRateLimiter {
  private readonly windows = new Map<string, { startMs: number; hits: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts a hit for `key`; false when the key has used up its window. */
  tryHit(key: string, now: Date): boolean {
    const nowMs = now.getTime();
    let window = this.windows.get(key);
    if (!window || window.startMs + this.windowMs <= nowMs || window.startMs > nowMs) {
      if (this.windows.size >= 100_000) this.prune(nowMs);
      window = { startMs: nowMs, hits: 0 };
      this.windows.set(key, window);
    }
    if (window.hits >= this.limit) return false;
    window.hits += 1;
    return true;
  }

  private prune(nowMs: number): void {
    for (const [key, window] of this.windows) {
      if (window.startMs + this.windowMs <= nowMs) this.windows.delete(key);
    }
  }
}
