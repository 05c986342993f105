import { describe, expect, it } from 'vitest';
import { newId } from '../../../server/ids.ts';

describe('newId', () => {
  it('gives the prefix and 12 random bytes in base64url', () => {
    expect(newId('spend')).toMatch(/^spend_[A-Za-z0-9_-]{16}$/);
  });

  it('never repeats an id, across many draws of random bytes', () => {
    const ids = Array.from({ length: 5000 }, () => newId('hold'));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^hold_[A-Za-z0-9_-]{16}$/);
  });
});
