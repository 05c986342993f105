/** The one source of time for the billing API. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * Test mode's clock: follows the wall clock until first set, then stands still at the time set
 * until set again. It only moves forward.
 */
export class SettableClock implements Clock {
  private fixed: Date | undefined;

  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date();
  }

  /** Returns false (and changes nothing) when `to` is earlier than the current time. */
  set(to: Date): boolean {
    if (to.getTime() < this.now().getTime()) return false;
    this.fixed = new Date(to);
    return true;
  }
}
