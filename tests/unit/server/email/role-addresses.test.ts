import { describe, expect, it } from 'vitest';
import { isRoleAddress } from '../../../../server/email/role-addresses.ts';

describe('isRoleAddress', () => {
  it.each([['info'], ['Support+x'], ['ADMIN'], ['no-reply'], ['noreply+bounce-123'], ['postmaster']])(
    'treats %s as a role address',
    (localPart) => {
      expect(isRoleAddress(localPart)).toBe(true);
    },
  );

  it.each([['jane'], ['jane.doe+info'], ['information'], ['supporter'], ['']])(
    'treats %s as a person',
    (localPart) => {
      expect(isRoleAddress(localPart)).toBe(false);
    },
  );
});
