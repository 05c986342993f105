import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../api-client/contract/billing.ts';
import {
  describeGroup,
  groupLedgerEntries,
  poolAndPersonal,
  splitText,
} from '../../../components/ledger-groups.ts';

let sequence = 100;
function entry(fields: Partial<LedgerEntry> & Pick<LedgerEntry, 'kind' | 'bucket' | 'amount'>): LedgerEntry {
  sequence -= 1;
  return {
    id: `le_${sequence}`,
    at: `2026-11-25T10:${String(sequence % 60).padStart(2, '0')}:00.000Z`,
    ...fields,
  };
}

describe('groupLedgerEntries', () => {
  it('groups a spend split across the pool and personal buckets into one line', () => {
    const entries = [
      entry({
        kind: 'spend',
        action: 'page_scrape',
        bucket: 'team.subscription',
        amount: -2,
        spendId: 'spend_1',
      }),
      entry({
        kind: 'spend',
        action: 'page_scrape',
        bucket: 'personal.free',
        amount: -1,
        spendId: 'spend_1',
      }),
      entry({ kind: 'grant', bucket: 'personal.free', amount: 50 }),
    ];

    const groups = groupLedgerEntries(entries);

    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({ key: 'spend_1', kind: 'spend', action: 'page_scrape', net: -3 });
    expect(poolAndPersonal(groups[0]!)).toEqual({ team: -2, personal: -1 });
    expect(splitText(groups[0]!)).toBe('Team pool 2 · Personal free 1');
    expect(describeGroup(groups[0]!)).toBe('Page scrape');
    expect(describeGroup(groups[1]!)).toBe('Credits added: Free');
    expect(splitText(groups[1]!)).toBe('Personal free 50');
  });

  it('keeps a hold, its capture and its release together under the hold id', () => {
    // Newest first, as the API pages them: release and capture after the hold.
    const entries = [
      entry({ kind: 'release', action: 'enrichment', bucket: 'personal.topup', amount: 1, holdId: 'hold_1' }),
      entry({
        kind: 'capture',
        action: 'enrichment',
        bucket: 'team.topup',
        amount: 0,
        holdId: 'hold_1',
        spendId: 'spend_9',
      }),
      entry({ kind: 'hold', action: 'enrichment', bucket: 'personal.topup', amount: -1, holdId: 'hold_1' }),
      entry({ kind: 'hold', action: 'enrichment', bucket: 'team.topup', amount: -2, holdId: 'hold_1' }),
      entry({ kind: 'hold', action: 'enrichment', bucket: 'personal.free', amount: -1, holdId: 'hold_2' }),
    ];

    const groups = groupLedgerEntries(entries);

    expect(groups.map((group) => group.key)).toEqual(['hold_1', 'hold_2']);
    expect(groups[0]).toMatchObject({ kind: 'hold', holdStatus: 'captured', net: -2 });
    expect(describeGroup(groups[0]!)).toBe('Enrichment (held, captured)');
    expect(splitText(groups[0]!)).toBe('Team pool 2');
    expect(describeGroup(groups[1]!)).toBe('Enrichment (held)');
  });

  it('says a released hold moved nothing', () => {
    const groups = groupLedgerEntries([
      entry({ kind: 'release', action: 'enrichment', bucket: 'personal.free', amount: 1, holdId: 'hold_3' }),
      entry({ kind: 'hold', action: 'enrichment', bucket: 'personal.free', amount: -1, holdId: 'hold_3' }),
    ]);

    expect(describeGroup(groups[0]!)).toBe('Enrichment (held, released)');
    expect(splitText(groups[0]!)).toBe('Nothing moved');
    expect(groups[0]!.net).toBe(0);
  });

  it('joins the parts of one spend that two pages split', () => {
    const first = [
      entry({ kind: 'spend', action: 'email_find', bucket: 'team.subscription', amount: -1, spendId: 's' }),
    ];
    const second = [
      entry({ kind: 'spend', action: 'email_find', bucket: 'personal.topup', amount: -1, spendId: 's' }),
    ];

    const groups = groupLedgerEntries([...first, ...second]);

    expect(groups).toHaveLength(1);
    expect(splitText(groups[0]!)).toBe('Team pool 1 · Personal top-up 1');
    expect(describeGroup(groups[0]!)).toBe('Email found');
  });

  it('describes a forfeit of unused subscription credits', () => {
    const groups = groupLedgerEntries([
      entry({ kind: 'forfeit', bucket: 'personal.subscription', amount: -7 }),
    ]);

    expect(describeGroup(groups[0]!)).toBe('Unused credits expired: Subscription');
  });
});
