import { describe, expect, it } from 'vitest';
import { cycleAt, cycleStart } from '../../../../server/ledger/cycles.ts';

describe('cycleStart', () => {
  it.each([
    ['2026-01-31T10:00:00.000Z', 'month', 1, '2026-02-28T10:00:00.000Z'],
    ['2026-01-31T10:00:00.000Z', 'month', 2, '2026-03-31T10:00:00.000Z'],
    ['2026-01-31T10:00:00.000Z', 'month', 3, '2026-04-30T10:00:00.000Z'],
    ['2028-01-31T00:00:00.000Z', 'month', 1, '2028-02-29T00:00:00.000Z'],
    ['2028-02-29T12:00:00.000Z', 'year', 1, '2029-02-28T12:00:00.000Z'],
    ['2028-02-29T12:00:00.000Z', 'year', 4, '2032-02-29T12:00:00.000Z'],
    ['2026-11-15T08:30:00.000Z', 'month', 2, '2027-01-15T08:30:00.000Z'],
    ['2026-03-31T00:00:00.000Z', 'month', 0, '2026-03-31T00:00:00.000Z'],
  ] as const)('from %s by %s × %i is %s', (anchor, interval, k, expected) => {
    expect(cycleStart(new Date(anchor), interval, k).toISOString()).toBe(expected);
  });
});

describe('cycleAt', () => {
  it('puts the exact cycle boundary in the new cycle', () => {
    const cycle = cycleAt(new Date('2026-01-31T10:00:00Z'), 'month', new Date('2026-02-28T10:00:00Z'));

    expect(cycle.index).toBe(1);
    expect(cycle.end.toISOString()).toBe('2026-03-31T10:00:00.000Z');
  });

  it('keeps a moment just before the boundary in the earlier cycle', () => {
    const cycle = cycleAt(new Date('2026-01-31T10:00:00Z'), 'month', new Date('2026-02-28T09:59:59.999Z'));

    expect(cycle.index).toBe(0);
    expect(cycle.start.toISOString()).toBe('2026-01-31T10:00:00.000Z');
  });

  it('counts many missed cycles at once', () => {
    const cycle = cycleAt(new Date('2020-05-10T00:00:00Z'), 'month', new Date('2026-11-25T00:00:00Z'));

    expect(cycle.index).toBe(78);
    expect(cycle.start.toISOString()).toBe('2026-11-10T00:00:00.000Z');
  });
});
