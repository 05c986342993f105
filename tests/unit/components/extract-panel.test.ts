// @vitest-environment jsdom
import { h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ExtractPanel } from '../../../components/extract-panel.tsx';
import type { ExtractState } from '../../../components/extract-store.ts';
import type { Extraction } from '../../../messaging/extraction.ts';
import { personalBalance } from './balances.ts';
import { group, PAGE, person, preview } from './extract-fixtures.ts';

const noop = async () => {};
const actions = {
  extract: noop,
  nextGroup: () => {},
  openSave: noop,
  closeSave: () => {},
  save: noop,
};

function show(extraction: Extraction): HTMLElement {
  const state: ExtractState = {
    name: 'shown',
    tab: { tabId: PAGE.tabId },
    extraction,
    groupIndex: 0,
    save: { name: 'closed' },
  };
  const container = document.createElement('div');
  document.body.append(container);
  render(
    h(ExtractPanel, {
      state,
      actions,
      balance: personalBalance({ available: 0 }),
      onOpenHistory: () => {},
    }),
    container,
  );
  return container;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('the preview', () => {
  it('lists the people with their title, company and email, and where the credit came from', () => {
    const view = show(preview());

    const rows = [...view.querySelectorAll('tbody tr')].map((row) =>
      [...row.querySelectorAll('td')].map((cell) => cell.textContent),
    );
    expect(rows[0]).toEqual(['Ada LovelaceH', 'Chief EngineerC', '', 'ada@acme.exampleL']);
    expect(rows).toHaveLength(3);
    expect(view.querySelector('[data-testid="extract-charge"]')?.textContent).toBe(
      '1 credit from your personal credits.',
    );
  });

  it('says how each field was found, beside it and in a legend of the markers shown', () => {
    const withPhoto = person('Grace Hopper', {
      imageUrl: 'https://acme.example/grace.jpg',
      provenance: { name: 'heading', imageUrl: 'image' },
    });
    const [team, advisors] = (preview() as Extract<Extraction, { kind: 'preview' }>).groups;
    const view = show(
      preview({ groups: [{ ...team!, profiles: [...team!.profiles, withPhoto] }, advisors!] }),
    );

    const company = view.querySelectorAll('tbody tr')[1]?.querySelectorAll('td')[2];
    expect(company?.getAttribute('title')).toBe('Acme\nFound in structured data on the page');
    expect(company?.querySelector('abbr')?.textContent).toBe('SD');
    const legend = view.querySelector('[data-testid="extract-legend"]')?.textContent;
    expect(legend).toContain('structured data on the page');
    expect(legend).not.toContain('photo');
  });

  it('says a replayed page was not charged again', () => {
    const view = show(preview({ charge: { kind: 'replayed', spendId: 'spend_1' } }));

    expect(view.querySelector('[data-testid="extract-charge"]')?.textContent).toBe(
      'Already paid for this page: not charged again.',
    );
  });

  it('renders markup in page text as text, and makes no link of a javascript: address', () => {
    const hostile = person('<img src=x onerror="alert(1)">Eve', {
      links: { website: 'javascript:alert(1)', github: 'https://github.com/eve' },
    });
    const view = show(preview({ groups: [group('combined', '<b>Team</b>', [hostile])] }));

    expect(view.querySelector('tbody img')).toBeNull();
    expect(view.querySelector('tbody td')?.textContent).toContain('<img src=x onerror="alert(1)">Eve');
    expect([...view.querySelectorAll('tbody a')].map((a) => a.getAttribute('href'))).toEqual([
      'https://github.com/eve',
    ]);
    expect(view.querySelector('[data-testid="extract-summary"]')?.textContent).toContain('<b>Team</b>');
  });

  it('cuts long page text in the cell and keeps more of it in the tooltip', () => {
    const view = show(preview({ groups: [group('combined', 'Team', [person('N'.repeat(250))])] }));

    const cell = view.querySelector('tbody td');
    expect(cell?.firstChild?.textContent).toHaveLength(60);
    expect(cell?.getAttribute('title')?.split('\n')[0]).toHaveLength(250);
  });

  it('offers "Try another list" only when the page has several', () => {
    const one = show(preview({ groups: [group('combined', 'Team', [person('Ada Lovelace')])] }));
    expect(one.textContent).not.toContain('Try another list');

    expect(show(preview()).textContent).toContain('Try another list');
  });
});

describe('other outcomes', () => {
  it('keeps a locked page locked: no names, no saving, and how to get credits', () => {
    const view = show({
      kind: 'locked',
      page: PAGE,
      at: 1,
      found: 12,
      groupCount: 2,
      available: 0,
      message: 'Not enough credits to reveal the people on this page.',
    });

    const locked = view.querySelector('[data-testid="extract-locked"]');
    expect(locked?.textContent).toContain('Not enough credits');
    expect(locked?.textContent).toContain('12 people found in 2 lists');
    expect(locked?.textContent).toContain('Top up your personal credits');
    expect(view.querySelector('table')).toBeNull();
    expect(view.textContent).not.toContain('Save');
  });

  it('says nothing was charged when the page shows nobody', () => {
    const view = show({ kind: 'empty', page: PAGE, at: 1 });

    expect(view.querySelector('[data-testid="extract-message"]')?.textContent).toBe(
      'No people found on this page. Nothing was charged.',
    );
  });
});
