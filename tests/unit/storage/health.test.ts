import { describe, expect, it } from 'vitest';
import { requestPersistentStorage, storageHealth } from '../../../storage/health.ts';

describe('storageHealth', () => {
  it('reports used and available space and persistence', async () => {
    const manager = {
      estimate: async () => ({ usage: 250, quota: 1000 }),
      persisted: async () => true,
    };

    expect(await storageHealth(manager)).toEqual({
      usedBytes: 250,
      quotaBytes: 1000,
      usedFraction: 0.25,
      persisted: true,
    });
  });

  it('says what it can when the browser gives nothing or fails', async () => {
    const failing = {
      estimate: async () => Promise.reject(new Error('denied')),
      persisted: async () => Promise.reject(new Error('denied')),
    };

    expect(await storageHealth(failing)).toEqual({ persisted: false });
    expect(await storageHealth({})).toEqual({ persisted: false });
  });
});

describe('requestPersistentStorage', () => {
  it('answers what the browser decided, and false where it cannot ask', async () => {
    expect(await requestPersistentStorage({ persist: async () => true })).toBe(true);
    expect(await requestPersistentStorage({ persist: async () => Promise.reject(new Error('x')) })).toBe(
      false,
    );
    expect(await requestPersistentStorage({})).toBe(false);
  });
});
