import { describe, expect, it } from 'vitest';
import type { Extraction } from '../../../messaging/extraction.ts';
import { type Badge, badgeFor, extractFromTrigger } from '../../../services/extraction-triggers.ts';
import { personalBalance } from '../components/balances.ts';

const page = { tabId: 7, url: 'https://acme.example/team/', title: 'Team' };
const preview: Extraction = {
  kind: 'preview',
  page,
  at: 0,
  groups: [
    {
      id: 'combined',
      method: 'repeated-cards',
      label: 'Team',
      score: 1,
      profiles: [
        { name: 'Ada Lovelace', source: { url: page.url, method: 'repeated-cards' }, provenance: {} },
        { name: 'Alan Turing', source: { url: page.url, method: 'repeated-cards' }, provenance: {} },
      ],
    },
  ],
  charge: { kind: 'charged', spendId: 'spend_1', charged: 1, breakdown: [] },
  balance: personalBalance(),
};

function deps(openPopup: () => Promise<void>) {
  const badges: Array<[number, Badge]> = [];
  const runs: number[] = [];
  return {
    badges,
    runs,
    deps: {
      run: async (tabId: number) => {
        runs.push(tabId);
        return preview;
      },
      openPopup,
      setBadge: async (tabId: number, badge: Badge) => {
        badges.push([tabId, badge]);
      },
    },
  };
}

describe('extracting from the shortcut or the context menu', () => {
  it('extracts on that tab and opens the popup, with no badge', async () => {
    const { deps: d, badges, runs } = deps(async () => {});

    await extractFromTrigger(d, 7);

    expect(runs).toEqual([7]);
    expect(badges).toEqual([]);
  });

  it('puts the number of people on the icon when Chrome will not open the popup', async () => {
    const { deps: d, badges } = deps(async () => {
      throw new Error('Could not find an active browser window.');
    });

    await extractFromTrigger(d, 7);

    expect(badges).toEqual([[7, { text: '2', title: 'Lasso: 2 people found. Click the icon to see them.' }]]);
  });
});

describe('badgeFor', () => {
  it.each([
    [{ kind: 'empty', page, at: 0 } as Extraction, '0'],
    [
      {
        kind: 'locked',
        page,
        at: 0,
        found: 3,
        groupCount: 1,
        available: 0,
        message: '',
      } as Extraction,
      '!',
    ],
    [{ kind: 'failed', code: 'restricted_page', message: '', at: 0 } as Extraction, '!'],
  ])('marks a %o extraction with %s', (extraction, text) => {
    expect(badgeFor(extraction).text).toBe(text);
  });
});
