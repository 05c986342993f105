import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { type Contender, percentile, runInterleaved } from '../../../bench/lib/load.ts';

const SHORT = { warmupMs: 5, rewarmMs: 5 };

describe('runInterleaved', () => {
  it('gives each contender one slice per round, each round starting with the next contender', async () => {
    const turns: string[] = [];
    const contender = (name: string): Contender => ({
      name,
      async op() {
        if (turns.at(-1) !== name) turns.push(name);
        await sleep(1);
        return true;
      },
    });
    await runInterleaved([contender('a'), contender('b'), contender('c')], {
      clients: 2,
      rounds: 3,
      durationMs: 60,
      ...SHORT,
    });
    expect(turns).toEqual(['a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b']);
  });

  it('adds up the successes and failures of all slices of a contender', async () => {
    let calls = 0;
    const flaky: Contender = {
      name: 'flaky',
      async op() {
        await sleep(1);
        calls += 1;
        if (calls % 2 === 0) return 'HTTP 500';
        if (calls % 3 === 0) throw Object.assign(new Error('reset'), { code: 'ECONNRESET' });
        return true;
      },
    };
    const [result] = await runInterleaved([flaky], { clients: 1, rounds: 2, durationMs: 200, ...SHORT });
    const failures = (result!.errors.get('HTTP 500') ?? 0) + (result!.errors.get('throw ECONNRESET') ?? 0);
    expect(result!.errors.get('HTTP 500')).toBeGreaterThan(0);
    expect(result!.errors.get('throw ECONNRESET')).toBeGreaterThan(0);
    expect(result!.ops).toBeGreaterThan(0);
    // Warm-ups and operations still in flight when a window closes are not counted.
    expect(result!.ops + failures).toBeLessThan(calls);
    expect(result!.seconds).toBe(0.2);
    expect(result!.opsPerSec).toBeCloseTo(result!.ops / 0.2, 6);
    // Each slice's own rate, whose mean is the contender's.
    expect(result!.sliceOpsPerSec).toHaveLength(2);
    expect((result!.sliceOpsPerSec[0]! + result!.sliceOpsPerSec[1]!) / 2).toBeCloseTo(result!.opsPerSec, 6);
  });

  it('takes percentiles over the latencies of every slice together, and gives each slice its rate', async () => {
    let round = 0;
    // Its first slice answers in about 1 ms; the second, after the other contender ran, in about 20 ms.
    const slowing: Contender = {
      name: 'slowing',
      async op() {
        await sleep(round === 0 ? 1 : 20);
        return true;
      },
    };
    const other: Contender = {
      name: 'other',
      async op() {
        round = 1;
        await sleep(1);
        return true;
      },
    };
    const [result] = await runInterleaved([slowing, other], {
      clients: 1,
      rounds: 2,
      durationMs: 200,
      ...SHORT,
    });
    expect(result!.p50Ms).toBeLessThan(15);
    expect(result!.p99Ms).toBeGreaterThanOrEqual(19);
    // The slice rates show which slice was slow.
    expect(result!.sliceOpsPerSec[0]).toBeGreaterThan(3 * result!.sliceOpsPerSec[1]!);
  });
});

describe('percentile', () => {
  it('takes the nearest rank of sorted latencies', () => {
    const sorted = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 99)).toBe(10);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(new Float64Array(0), 50)).toBe(0);
  });
});
