// An in-memory reference model of billing-api.md for one user in no team: the personal buckets,
// a personal subscription with its cycles, spends, holds (TTL, partial capture, release, expiry),
// top-ups and free grants. It is written from the contract, not from the server, so the property
// test can run the same commands against both and compare every answer.

export type PersonalBucket = 'personal.subscription' | 'personal.topup' | 'personal.free';
export type Interval = 'month' | 'year';
export type HoldStatus = 'pending' | 'captured' | 'released' | 'expired';

/** The personal spend order (billing-api.md, "Credit buckets and spend order"). */
export const PERSONAL_ORDER: PersonalBucket[] = ['personal.subscription', 'personal.topup', 'personal.free'];

export interface Part {
  bucket: PersonalBucket;
  amount: number;
  /** For subscription credits: the start (ms) of the cycle they were granted in. */
  cycle: number | null;
}

export interface ModelHold {
  id: string;
  amount: number;
  parts: Part[];
  status: HoldStatus;
  expiresAt: number;
}

export interface ModelSubscription {
  interval: Interval;
  anchor: number;
  creditsPerCycle: number;
  profilesPerPage: number;
  nextCreditsPerCycle: number;
  nextProfilesPerPage: number;
  cycleIndex: number;
  cycleStart: number;
  cycleEnd: number;
  cancelAt: number | null;
  active: boolean;
}

export interface BreakdownItem {
  bucket: PersonalBucket;
  amount: number;
}

/** What the API should answer: a status, plus the figures of a success or of a 402. */
export type Outcome =
  | { status: 200 | 201; breakdown?: BreakdownItem[]; charged?: number; expiresAt?: number; holdId?: string }
  | { status: 402; available: number }
  | { status: 400 | 404 | 409 };

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * Start of cycle k: anchor + k intervals, the day clamped to the target month's last day (UTC).
 * @example cycleStartAt(Date.parse('2027-01-31T10:00:00Z'), 'month', 1) // 2027-02-28T10:00:00Z
 */
export function cycleStartAt(anchor: number, interval: Interval, k: number): number {
  const a = new Date(anchor);
  const months = a.getUTCMonth() + k * (interval === 'year' ? 12 : 1);
  const year = a.getUTCFullYear() + Math.floor(months / 12);
  const monthIndex = ((months % 12) + 12) % 12;
  const day = Math.min(a.getUTCDate(), daysInMonth(year, monthIndex));
  return Date.UTC(
    year,
    monthIndex,
    day,
    a.getUTCHours(),
    a.getUTCMinutes(),
    a.getUTCSeconds(),
    a.getUTCMilliseconds(),
  );
}

/** The cycle k that contains `now` (k ≥ 0, `now` ≥ anchor): start(k) ≤ now < start(k + 1). */
export function cycleIndexAt(anchor: number, interval: Interval, now: number): number {
  let k = 0;
  // Linear is fine for a model: tests span decades at most.
  while (cycleStartAt(anchor, interval, k + 1) <= now) k += 1;
  return k;
}

export class BillingModel {
  now: number;
  readonly buckets: Record<PersonalBucket, number> = {
    'personal.subscription': 0,
    'personal.topup': 0,
    'personal.free': 0,
  };
  subscription: ModelSubscription | null = null;
  readonly holds = new Map<string, ModelHold>();
  private readonly freeProfilesPerPage: number;

  constructor({
    now,
    freeSignupCredits = 50,
    freeProfilesPerPage = 10,
  }: {
    now: number;
    freeSignupCredits?: number;
    freeProfilesPerPage?: number;
  }) {
    this.now = now;
    this.buckets['personal.free'] = freeSignupCredits;
    this.freeProfilesPerPage = freeProfilesPerPage;
  }

  /** Moves the clock forward; due cycle ends and hold expiries take effect at once, in time order. */
  advanceTo(at: number): void {
    if (at < this.now) throw new Error('the clock only moves forward');
    this.now = at;
    this.settle();
  }

  balance(): {
    available: number;
    personal: { subscription: number; topup: number; free: number; held: number };
    limits: { profilesPerPage: number };
  } {
    this.settle();
    const held = [...this.holds.values()]
      .filter((hold) => hold.status === 'pending')
      .reduce((sum, hold) => sum + hold.amount, 0);
    return {
      available: this.available(),
      personal: {
        subscription: this.buckets['personal.subscription'],
        topup: this.buckets['personal.topup'],
        free: this.buckets['personal.free'],
        held,
      },
      limits: {
        profilesPerPage: this.subscription?.active
          ? this.subscription.profilesPerPage
          : this.freeProfilesPerPage,
      },
    };
  }

  spend(quantity: number): Outcome {
    this.settle();
    const parts = this.planDraw(quantity);
    if (!parts) return { status: 402, available: this.available() };
    for (const part of parts) this.buckets[part.bucket] -= part.amount;
    return { status: 201, breakdown: breakdownOf(parts), charged: quantity };
  }

  hold(id: string, quantity: number, ttlSeconds = 120): Outcome {
    this.settle();
    const parts = this.planDraw(quantity);
    if (!parts) return { status: 402, available: this.available() };
    for (const part of parts) this.buckets[part.bucket] -= part.amount;
    const expiresAt = this.now + ttlSeconds * 1000;
    this.holds.set(id, { id, amount: quantity, parts, status: 'pending', expiresAt });
    return { status: 201, breakdown: breakdownOf(parts), expiresAt, holdId: id };
  }

  capture(id: string, quantity?: number): Outcome {
    this.settle();
    const hold = this.holds.get(id);
    if (!hold) return { status: 404 };
    if (quantity !== undefined && quantity > hold.amount) return { status: 400 };
    if (hold.status !== 'pending') return { status: 409 };
    let left = quantity ?? hold.amount;
    const kept: Part[] = [];
    const returned: Part[] = [];
    for (const part of hold.parts) {
      const take = Math.min(left, part.amount);
      left -= take;
      if (take > 0) kept.push({ ...part, amount: take });
      if (part.amount > take) returned.push({ ...part, amount: part.amount - take });
    }
    this.returnParts(returned);
    hold.status = 'captured';
    return { status: 200, breakdown: breakdownOf(kept), charged: quantity ?? hold.amount };
  }

  release(id: string): Outcome {
    this.settle();
    const hold = this.holds.get(id);
    if (!hold) return { status: 404 };
    if (hold.status !== 'pending') return { status: 409 };
    this.returnParts(hold.parts);
    hold.status = 'released';
    return { status: 200 };
  }

  grant(bucket: 'personal.topup' | 'personal.free', credits: number): Outcome {
    this.settle();
    this.buckets[bucket] += credits;
    return { status: 201 };
  }

  /** PUT …/subscription. */
  putSubscription(input: {
    creditsPerCycle: number;
    interval: Interval;
    anchor?: number;
    profilesPerPage?: number;
  }): Outcome {
    this.settle();
    const profilesPerPage = input.profilesPerPage ?? 25;
    if (input.anchor !== undefined && input.anchor > this.now) return { status: 400 };
    const current = this.subscription;
    if (current?.active) {
      if (
        input.interval !== current.interval ||
        (input.anchor !== undefined && input.anchor !== current.anchor)
      ) {
        return { status: 400 };
      }
      current.nextCreditsPerCycle = input.creditsPerCycle;
      current.nextProfilesPerPage = profilesPerPage;
      current.cancelAt = null;
      return { status: 200 };
    }
    const anchor = input.anchor ?? this.now;
    const k = cycleIndexAt(anchor, input.interval, this.now);
    this.subscription = {
      interval: input.interval,
      anchor,
      creditsPerCycle: input.creditsPerCycle,
      profilesPerPage,
      nextCreditsPerCycle: input.creditsPerCycle,
      nextProfilesPerPage: profilesPerPage,
      cycleIndex: k,
      cycleStart: cycleStartAt(anchor, input.interval, k),
      cycleEnd: cycleStartAt(anchor, input.interval, k + 1),
      cancelAt: null,
      active: true,
    };
    this.buckets['personal.subscription'] += input.creditsPerCycle;
    return { status: 200 };
  }

  /** DELETE …/subscription: grants stop at the end of the current cycle. */
  cancelSubscription(): Outcome {
    this.settle();
    if (!this.subscription?.active) return { status: 404 };
    this.subscription.cancelAt = this.subscription.cycleEnd;
    return { status: 200 };
  }

  private available(): number {
    return PERSONAL_ORDER.reduce((sum, bucket) => sum + this.buckets[bucket], 0);
  }

  private activeCycle(): number | null {
    return this.subscription?.active ? this.subscription.cycleStart : null;
  }

  /** The parts of a draw of `amount` in spend order, or null when it does not fit (all-or-nothing). */
  private planDraw(amount: number): Part[] | null {
    if (this.available() < amount) return null;
    let left = amount;
    const parts: Part[] = [];
    for (const bucket of PERSONAL_ORDER) {
      const take = Math.min(left, this.buckets[bucket]);
      if (take > 0) {
        parts.push({
          bucket,
          amount: take,
          cycle: bucket === 'personal.subscription' ? this.activeCycle() : null,
        });
        left -= take;
      }
    }
    return parts;
  }

  /** Held credits go back to their buckets, except subscription credits of a cycle that has ended. */
  private returnParts(parts: Part[]): void {
    for (const part of parts) {
      if (part.bucket === 'personal.subscription' && part.cycle !== this.activeCycle()) continue;
      this.buckets[part.bucket] += part.amount;
    }
  }

  /** Applies every cycle end and hold expiry at or before now, earliest first. */
  private settle(): void {
    for (;;) {
      const sub = this.subscription;
      const cycleEnd = sub?.active && sub.cycleEnd <= this.now ? sub.cycleEnd : Number.POSITIVE_INFINITY;
      const due = [...this.holds.values()]
        .filter((hold) => hold.status === 'pending' && hold.expiresAt <= this.now)
        .sort((a, b) => a.expiresAt - b.expiresAt)[0];
      const expiry = due ? due.expiresAt : Number.POSITIVE_INFINITY;
      if (cycleEnd === Number.POSITIVE_INFINITY && expiry === Number.POSITIVE_INFINITY) return;
      // A hold that expires at the very instant its cycle ends returns its credits into that cycle,
      // which then forfeits them: the same end state as forfeiting them with the hold.
      if (due && expiry <= cycleEnd) {
        due.status = 'expired';
        this.returnParts(due.parts);
      } else {
        this.rollOver();
      }
    }
  }

  private rollOver(): void {
    const sub = this.subscription!;
    this.buckets['personal.subscription'] = 0;
    sub.cycleIndex += 1;
    sub.cycleStart = sub.cycleEnd;
    sub.cycleEnd = cycleStartAt(sub.anchor, sub.interval, sub.cycleIndex + 1);
    if (sub.cancelAt !== null && sub.cycleStart >= sub.cancelAt) {
      sub.active = false;
      return;
    }
    sub.creditsPerCycle = sub.nextCreditsPerCycle;
    sub.profilesPerPage = sub.nextProfilesPerPage;
    this.buckets['personal.subscription'] = sub.creditsPerCycle;
  }
}

function breakdownOf(parts: Part[]): BreakdownItem[] {
  return parts.filter((part) => part.amount > 0).map(({ bucket, amount }) => ({ bucket, amount }));
}
