/** A subscription's billing interval. */
export type Interval = 'month' | 'year';

const MONTHS_PER_INTERVAL: Record<Interval, number> = { month: 1, year: 12 };

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * Start of cycle k: anchor + k intervals, with month arithmetic clamped to the month's last day
 * (Jan 31 + 1 month = Feb 28), always counted from the anchor so later cycles return to the 31st.
 * The ledger SQL (`lasso_cycle_start`) computes the same; a test keeps them in step.
 * @example cycleStart(new Date('2026-01-31T10:00:00Z'), 'month', 1) // 2026-02-28T10:00:00Z
 */
export function cycleStart(anchor: Date, interval: Interval, k: number): Date {
  const months = anchor.getUTCMonth() + k * MONTHS_PER_INTERVAL[interval];
  const year = anchor.getUTCFullYear() + Math.floor(months / 12);
  const monthIndex = ((months % 12) + 12) % 12;
  const day = Math.min(anchor.getUTCDate(), daysInMonth(year, monthIndex));
  return new Date(
    Date.UTC(
      year,
      monthIndex,
      day,
      anchor.getUTCHours(),
      anchor.getUTCMinutes(),
      anchor.getUTCSeconds(),
      anchor.getUTCMilliseconds(),
    ),
  );
}

/** The cycle that contains `now`: its index k, start and end (start of k + 1). */
export function cycleAt(
  anchor: Date,
  interval: Interval,
  now: Date,
): { index: number; start: Date; end: Date } {
  const monthsApart =
    (now.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + now.getUTCMonth() - anchor.getUTCMonth();
  let index = Math.max(Math.floor(monthsApart / MONTHS_PER_INTERVAL[interval]), 0);
  while (index > 0 && cycleStart(anchor, interval, index) > now) index -= 1;
  while (cycleStart(anchor, interval, index + 1) <= now) index += 1;
  return { index, start: cycleStart(anchor, interval, index), end: cycleStart(anchor, interval, index + 1) };
}
