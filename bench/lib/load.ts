import { performance } from 'node:perf_hooks';

/** What one operation came to: `true` when it succeeded, else a short label of the failure. */
export type Outcome = true | string;

/** One way of doing the measured work: operation `op(client)` of client `client` (0-based). */
export interface Contender {
  name: string;
  /** Resolves to the operation's outcome; a throw counts as a failure. */
  op(client: number): Promise<Outcome>;
}

export interface InterleaveOptions {
  clients: number;
  /** Each contender's measured time is split into this many slices, one per round. */
  rounds: number;
  /** Warm-up before a contender's first slice (not counted). */
  warmupMs: number;
  /** Warm-up before each later slice: enough to fill the loops again after the switch. */
  rewarmMs: number;
  /** Each contender's measured time in all. */
  durationMs: number;
}

export interface LoadResult {
  clients: number;
  /** Successful operations completed inside the measured windows. */
  ops: number;
  /** Failed operations completed inside the measured windows, by label. */
  errors: Map<string, number>;
  /** Length of the measured windows together. */
  seconds: number;
  opsPerSec: number;
  /** Successes per second in each slice, in the order measured: how steady the contender was. */
  sliceOpsPerSec: number[];
  p50Ms: number;
  p99Ms: number;
}

/** What one measured window gathered. */
interface Slice {
  ops: number;
  errors: Map<string, number>;
  /** Latency of each success, in ms; the first `ops` entries are used. */
  latencies: Float64Array;
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
async function runSlice(
  op: Contender['op'],
  clients: number,
  warmupMs: number,
  durationMs: number,
): Promise<Slice> {
  const start = performance.now();
  const windowStart = start + warmupMs;
  const windowEnd = windowStart + durationMs;
  const slice: Slice = { ops: 0, errors: new Map(), latencies: new Float64Array(16_384) };

  const loop = async (client: number) => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= windowEnd) return;
      let outcome: Outcome;
      try {
        outcome = await op(client);
      } catch (error) {
        outcome = failureLabel(error);
      }
      const t1 = performance.now();
      if (t1 < windowStart || t1 > windowEnd) continue;
      if (outcome === true) {
        if (slice.ops === slice.latencies.length) {
          const grown = new Float64Array(slice.latencies.length * 2);
          grown.set(slice.latencies);
          slice.latencies = grown;
        }
        slice.latencies[slice.ops++] = t1 - t0;
      } else {
        slice.errors.set(outcome, (slice.errors.get(outcome) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, client) => loop(client)));
  return slice;
}

/** One result from the slices of one contender: their operations, errors and latencies together. */
function combine(slices: Slice[], clients: number, seconds: number): LoadResult {
  const sliceSeconds = seconds / slices.length;
  const ops = slices.reduce((sum, slice) => sum + slice.ops, 0);
  const latencies = new Float64Array(ops);
  const errors = new Map<string, number>();
  let offset = 0;
  for (const slice of slices) {
    latencies.set(slice.latencies.subarray(0, slice.ops), offset);
    offset += slice.ops;
    for (const [label, count] of slice.errors) errors.set(label, (errors.get(label) ?? 0) + count);
  }
  latencies.sort();
  return {
    clients,
    ops,
    errors,
    seconds,
    opsPerSec: ops / seconds,
    sliceOpsPerSec: slices.map((slice) => slice.ops / sliceSeconds),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

/**
 * Measures contenders doing the same work turn by turn, as closed loops of `clients` loops: in each
 * of `rounds` rounds every contender has one slice, and each round starts with the next contender.
 * A drift of the machine (a checkpoint, a busy neighbour, a process still warming up) then falls on
 * all of them alike instead of on whichever ran at the time, and their ratios vary less between runs.
 * Results come in the contenders' order.
 */
export async function runInterleaved(
  contenders: Contender[],
  options: InterleaveOptions,
): Promise<LoadResult[]> {
  const sliceMs = options.durationMs / options.rounds;
  const slices = contenders.map((): Slice[] => []);
  for (let round = 0; round < options.rounds; round++) {
    for (let turn = 0; turn < contenders.length; turn++) {
      const index = (round + turn) % contenders.length;
      const warmupMs = round === 0 ? options.warmupMs : options.rewarmMs;
      slices[index]!.push(await runSlice(contenders[index]!.op, options.clients, warmupMs, sliceMs));
    }
  }
  return slices.map((own) => combine(own, options.clients, options.durationMs / 1000));
}

export function errorCount(result: LoadResult): number {
  let total = 0;
  for (const count of result.errors.values()) total += count;
  return total;
}

export function describeErrors(result: LoadResult): string {
  return [...result.errors].map(([label, count]) => `${count}× ${label}`).join(', ');
}
