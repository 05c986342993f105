import { describe, expect, it } from 'vitest';
import type { Member } from '../../../api-client/contract/teams.ts';
import {
  addMemberRefusal,
  createTeamRefusal,
  domainOf,
  sortMembers,
} from '../../../components/team-page.tsx';
import { Message } from '../../../messaging/protocol.ts';

const member = (email: string, creditsUsed: number, extra: Partial<Member> = {}): Member => ({
  userId: email,
  email,
  name: null,
  role: 'member',
  poolAccess: true,
  cycleCap: null,
  creditsUsed,
  ...extra,
});

describe('Team page helpers', () => {
  it('sorts members by a column, both ways, ties by email', () => {
    const rows = [member('c@a.com', 5), member('a@a.com', 9), member('b@a.com', 5)];
    expect(sortMembers(rows, { key: 'email', ascending: true }).map((row) => row.email)).toEqual([
      'a@a.com',
      'b@a.com',
      'c@a.com',
    ]);
    expect(sortMembers(rows, { key: 'creditsUsed', ascending: true }).map((row) => row.email)).toEqual([
      'b@a.com',
      'c@a.com',
      'a@a.com',
    ]);
    expect(sortMembers(rows, { key: 'creditsUsed', ascending: false })[0]?.email).toBe('a@a.com');
  });

  it('explains every refusal in words', () => {
    expect(addMemberRefusal('domain_mismatch', 'x@other.com', 'acme.com')).toContain('different domain');
    expect(addMemberRefusal('not_found', 'x@acme.com', 'acme.com')).toContain('signed up');
    expect(addMemberRefusal('email_unverified', 'x@acme.com', 'acme.com')).toContain('not verified');
    expect(addMemberRefusal('already_in_team', 'x@acme.com', 'acme.com')).toContain('already in a team');
    expect(createTeamRefusal('domain_not_allowed', 'gmail.com')).toContain('public mail provider');
    expect(createTeamRefusal('email_unverified', 'acme.com')).toContain('Verify your email');
    expect(domainOf('Ada@Acme.COM')).toBe('acme.com');
  });

  it('validates team messages', () => {
    expect(Message.safeParse({ type: 'team.updateMember', userId: 'u1', cycleCap: null }).success).toBe(true);
    expect(Message.safeParse({ type: 'team.updateMember', userId: 'u1', cycleCap: -1 }).success).toBe(false);
    expect(Message.safeParse({ type: 'team.removeMember', userId: 'u1', extra: 1 }).success).toBe(false);
  });
});
