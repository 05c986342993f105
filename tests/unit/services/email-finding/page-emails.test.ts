import { describe, expect, it } from 'vitest';
import { createPageEmails } from '../../../../services/email-finding/page-emails.ts';
import type { PersonRead } from '../../../../services/enrichment/read-person.ts';
import type { RowRecord } from '../../../../storage/model.ts';

const row = (profileUrl?: string): RowRecord => ({
  id: 'row_1',
  listId: 'list_1',
  name: 'Ada Lovelace',
  ...(profileUrl ? { profileUrl } : {}),
  tags: [],
  note: '',
  savedAt: 1,
  updatedAt: 1,
  searchText: '',
});

function deps(access: boolean) {
  const fetched: string[] = [];
  return {
    fetched,
    hasHostAccess: async () => access,
    fetch: (async (url: string) => {
      fetched.push(url);
      return new Response('<h1>Ada Lovelace</h1>', { headers: { 'content-type': 'text/html' } });
    }) as typeof fetch,
    readPerson: async (): Promise<PersonRead> => ({
      ok: true,
      profile: {
        name: 'Ada Lovelace',
        email: 'ada@engines.example',
        source: { url: 'x', method: 'single-profile' },
        provenance: { email: 'contact-link' },
      },
    }),
  };
}

describe('emails on the row page', () => {
  it("reads the address the engine finds on the row's profile page", async () => {
    const d = deps(true);
    expect(
      await createPageEmails(d)(row('https://engines.example/ada'), new AbortController().signal),
    ).toEqual(['ada@engines.example']);
    expect(d.fetched).toEqual(['https://engines.example/ada']);
  });

  it('never opens a page Lasso has no access to, nor a row without a page', async () => {
    const d = deps(false);
    expect(
      await createPageEmails(d)(row('https://engines.example/ada'), new AbortController().signal),
    ).toEqual([]);
    expect(await createPageEmails(deps(true))(row(), new AbortController().signal)).toEqual([]);
    expect(d.fetched).toEqual([]);
  });
});
