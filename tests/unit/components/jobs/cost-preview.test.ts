import { describe, expect, it } from 'vitest';
import type { Balance } from '../../../../api-client/contract/billing.ts';
import { previewCost, previewText } from '../../../../components/jobs/cost-preview.ts';
import type { RowRecord } from '../../../../storage/model.ts';

const NOW = new Date('2026-11-25T12:00:00').getTime();

function row(i: number, more: Pick<RowRecord, 'enrichment'> = {}, url = true): RowRecord {
  const record: RowRecord = {
    id: `row_${i}`,
    listId: 'list_1',
    name: `Person ${i}`,
    tags: [],
    note: '',
    savedAt: 1,
    updatedAt: 1,
    searchText: '',
  };
  if (url) record.profileUrl = `https://site${i % 3}.example/people/${i}`;
  if (more.enrichment) record.enrichment = more.enrichment;
  return record;
}

function balance(
  teamAvailable: number,
  personal: { subscription?: number; topup?: number; free?: number },
): Balance {
  const p = { subscription: 0, topup: 0, free: 0, held: 0, ...personal };
  return {
    available: teamAvailable + p.subscription + p.topup + p.free,
    spendOrder: [
      'team.subscription',
      'team.topup',
      'personal.subscription',
      'personal.topup',
      'personal.free',
    ],
    personal: p,
    team: null,
    limits: { profilesPerPage: 25 },
  };
}

describe('the cost preview of a bulk enrichment', () => {
  it('says what it may cost, what the user can spend and from which credits, team pool first', () => {
    const rows = Array.from({ length: 240 }, (_, i) => row(i));

    const preview = previewCost('enrich', rows, balance(120, { free: 50, topup: 10 }), NOW);

    expect(previewText(preview)).toBe(
      'Enrich 240 rows → at most 240 credits. You can spend 180 (team pool 120, then personal 60). The run stops when credits run out.',
    );
    expect(preview.origins).toEqual([
      'https://site0.example/*',
      'https://site1.example/*',
      'https://site2.example/*',
    ]);
  });

  it('counts rows without a profile URL, or enriched earlier today, as free', () => {
    const rows = [
      row(1),
      row(2, {}, false),
      row(3, { enrichment: { status: 'enriched', at: NOW - 60_000, fieldsAdded: [] } }),
      row(4, { enrichment: { status: 'enriched', at: NOW - 2 * 86_400_000, fieldsAdded: [] } }),
    ];

    const preview = previewCost('enrich', rows, balance(0, { free: 3 }), NOW);

    expect(preview).toMatchObject({ rows: 4, free: 2, maxCredits: 2, team: 0, personal: 3 });
    expect(previewText(preview)).toBe(
      'Enrich 4 rows → at most 2 credits. 2 rows have nothing to do (no profile URL, or enriched today) and cost nothing. You can spend 3 (personal). The run stops when credits run out.',
    );
  });

  it('with no balance known, says the user can spend nothing', () => {
    const preview = previewCost('enrich', [row(1)], null, NOW);

    expect(preview).toMatchObject({ canSpend: 0, maxCredits: 1 });
    expect(previewText(preview)).toContain('You can spend 0.');
  });

  it('for email finding, counts rows with no company domain or email as free, and asks for no site access', () => {
    const withDomain = { ...row(1), name: 'Ada Lovelace', links: { website: 'https://acme.example' } };
    const withEmail = { ...row(2), email: 'grace@navy.example' };
    const nothing = row(3);
    const preview = previewCost('find_email', [withDomain, withEmail, nothing], balance(0, { free: 5 }), NOW);

    expect(preview).toMatchObject({ rows: 3, free: 1, maxCredits: 2, origins: [] });
    expect(previewText(preview)).toBe(
      'Find emails for 3 rows → at most 2 credits. 1 row has nothing to do (no company domain or email, or an email found today) and costs nothing. You can spend 5 (personal). The run stops when credits run out.',
    );
  });
});
