import { performance } from 'node:perf_hooks';

/** What one operation came to: `true` when it succeeded, else a short label of the failure. */
export type Outcome = true | string;

export interface LoadOptions {
  clients: number;
  warmupMs: number;
  durationMs: number;
  /** One operation of client `client` (0-based); resolves to its outcome. A throw counts as a failure. */
  op(client: number): Promise<Outcome>;
}

export interface LoadResult {
  clients: number;
  /** Successful operations completed inside the measured window. */
  ops: number;
  /** Failed operations completed inside the measured window, by label. */
  errors: Map<string, number>;
  /** Length of the measured window. */
  seconds: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/** Nearest-rank percentile of ascending `sorted`. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function failureLabel(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return `throw ${typeof code === 'string' ? code : String(message ?? error)}`;
}

/**
 * A closed loop: `clients` loops, each sending its next operation as soon as the previous one
 * answers. After `warmupMs` a window of `durationMs` opens; operations completing inside it are
 * counted (successes with their latency); loops stop starting operations when it closes, and
 * whatever is still in flight then finishes uncounted.
 */
export async function runClosedLoop(options: LoadOptions): Promise<LoadResult> {
  const start = performance.now();
  const windowStart = start + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  let latencies = new Float64Array(16_384);
  let ops = 0;
  const errors = new Map<string, number>();

  const loop = async (client: number) => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= windowEnd) return;
      let outcome: Outcome;
      try {
        outcome = await options.op(client);
      } catch (error) {
        outcome = failureLabel(error);
      }
      const t1 = performance.now();
      if (t1 < windowStart || t1 > windowEnd) continue;
      if (outcome === true) {
        if (ops === latencies.length) {
          const grown = new Float64Array(latencies.length * 2);
          grown.set(latencies);
          latencies = grown;
        }
        latencies[ops++] = t1 - t0;
      } else {
        errors.set(outcome, (errors.get(outcome) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, client) => loop(client)));

  const sorted = latencies.slice(0, ops).sort();
  const seconds = options.durationMs / 1000;
  return {
    clients: options.clients,
    ops,
    errors,
    seconds,
    opsPerSec: ops / seconds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
  };
}

export function errorCount(result: LoadResult): number {
  let total = 0;
  for (const count of result.errors.values()) total += count;
  return total;
}

export function describeErrors(result: LoadResult): string {
  return [...result.errors].map(([label, count]) => `${count}× ${label}`).join(', ');
}
