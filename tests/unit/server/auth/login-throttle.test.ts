import { describe, expect, it } from 'vitest';
import { IpLoginLimiter } from '../../../../server/auth/login-throttle.ts';

const start = new Date('2026-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);

describe('IpLoginLimiter', () => {
  it('blocks an address once it used up its failures, and only that address', () => {
    const limiter = new IpLoginLimiter({ failuresMax: 3, windowMs: 1000 });

    for (let i = 0; i < 3; i++) limiter.recordFailure('10.0.0.1', at(i));

    expect(limiter.isBlocked('10.0.0.1', at(10))).toBe(true);
    expect(limiter.isBlocked('10.0.0.2', at(10))).toBe(false);
  });

  it('unblocks an address when its window ends', () => {
    const limiter = new IpLoginLimiter({ failuresMax: 2, windowMs: 1000 });
    limiter.recordFailure('10.0.0.1', at(0));
    limiter.recordFailure('10.0.0.1', at(500));

    expect(limiter.isBlocked('10.0.0.1', at(999))).toBe(true);
    expect(limiter.isBlocked('10.0.0.1', at(1000))).toBe(false);
  });

  it('allows by default at least the 60,000 requests an hour the contract requires of one address', () => {
    const limiter = new IpLoginLimiter();

    for (let i = 0; i < 59_999; i++) limiter.recordFailure('127.0.0.1', start);

    expect(limiter.isBlocked('127.0.0.1', start)).toBe(false);
  });
});
