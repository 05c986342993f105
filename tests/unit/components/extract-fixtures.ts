import type { CandidateGroup, Profile } from '../../../extract/profile.ts';
import type { Extraction, PageRef } from '../../../messaging/extraction.ts';
import { personalBalance } from './balances.ts';

export const PAGE: PageRef = { tabId: 7, url: 'https://acme.example/team/', title: 'Acme — Our team' };

export function person(name: string, extra: Partial<Profile> = {}): Profile {
  return {
    name,
    source: { url: PAGE.url, method: 'repeated-cards' },
    provenance: { name: 'heading' },
    ...extra,
  };
}

export function group(id: string, label: string, profiles: Profile[]): CandidateGroup {
  return { id, method: 'repeated-cards', label, score: 1, profiles };
}

/** A paid extraction with two lists: the team (3 people) and the advisors (1). */
export function preview(overrides: Partial<Extract<Extraction, { kind: 'preview' }>> = {}): Extraction {
  return {
    kind: 'preview',
    page: PAGE,
    at: 1_000,
    groups: [
      group('combined', 'Our team', [
        person('Ada Lovelace', {
          title: 'Chief Engineer',
          email: 'ada@acme.example',
          provenance: { name: 'heading', title: 'card-text', email: 'contact-link' },
        }),
        person('Alan Turing', {
          company: 'Acme',
          provenance: { name: 'heading', company: 'structured-data' },
        }),
        person('Grace Hopper', { profileUrl: 'https://acme.example/people/grace' }),
      ]),
      group('repeated-cards:2', 'Advisors', [person('Katherine Johnson')]),
    ],
    charge: {
      kind: 'charged',
      spendId: 'spend_1',
      charged: 1,
      breakdown: [{ bucket: 'personal.free', amount: 1 }],
    },
    balance: personalBalance({ available: 49 }),
    ...overrides,
  };
}
