import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  verifyPassword,
  verifyPasswordOfUnknownUser,
} from '../../../../server/auth/passwords.ts';

describe('hashPassword / verifyPassword', () => {
  it('accepts the password it hashed and rejects any other', async () => {
    const stored = await hashPassword('correct horse battery');

    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('records its parameters and salts each hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same password'), hashPassword('same password')]);

    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
  });

  it.each(['', 'bcrypt$whatever', 'scrypt$0$8$1$c2FsdA$aGFzaA', 'scrypt$16384$8$1$c2FsdA$'])(
    'rejects any password against the malformed hash %j',
    async (stored) => {
      expect(await verifyPassword('anything at all', stored)).toBe(false);
    },
  );

  it('answers false for an unknown user after doing the same work', async () => {
    expect(await verifyPasswordOfUnknownUser('correct horse battery')).toBe(false);
  });
});
