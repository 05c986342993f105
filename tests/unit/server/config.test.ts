import { describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULT_POOL_MAX } from '../../../server/config.ts';

describe('configFromEnv', () => {
  it('opens DEFAULT_POOL_MAX PostgreSQL connections unless DATABASE_POOL_MAX says otherwise', () => {
    expect(configFromEnv({}).databasePoolMax).toBe(DEFAULT_POOL_MAX);
    expect(configFromEnv({ DATABASE_POOL_MAX: '' }).databasePoolMax).toBe(DEFAULT_POOL_MAX);
    expect(configFromEnv({ DATABASE_POOL_MAX: '8' }).databasePoolMax).toBe(8);
  });

  it('refuses a pool size that is not a whole number of at least 1', () => {
    for (const raw of ['0', '-3', '2.5', 'many']) {
      expect(() => configFromEnv({ DATABASE_POOL_MAX: raw })).toThrow(/DATABASE_POOL_MAX/);
    }
  });

  it('refuses a port that is not a whole number', () => {
    expect(() => configFromEnv({ PORT: 'http' })).toThrow(/PORT must be a non-negative integer/);
  });
});
