import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../../services/backoff.ts';

const policy = { initialMs: 1_000, maxMs: 30_000 };

describe('backoffDelayMs', () => {
  it.each([
    [0, 1_000],
    [1, 2_000],
    [2, 4_000],
    [4, 16_000],
    [5, 30_000],
    [50, 30_000],
  ])('doubles from the initial wait up to the cap: attempt %i waits at most %i ms', (attempt, ceilingMs) => {
    expect(backoffDelayMs(attempt, policy, () => 1)).toBe(ceilingMs);
    expect(backoffDelayMs(attempt, policy, () => 0)).toBe(ceilingMs / 2);
  });

  it('spreads retries between half and all of the ceiling', () => {
    const delays = Array.from({ length: 200 }, () => backoffDelayMs(3, policy));

    expect(Math.min(...delays)).toBeGreaterThanOrEqual(4_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8_000);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });
});
