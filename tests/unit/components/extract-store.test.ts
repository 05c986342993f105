import { describe, expect, it } from 'vitest';
import {
  createExtractStore,
  type ExtractBackend,
  type ExtractState,
  type TargetTab,
} from '../../../components/extract-store.ts';
import type { Extraction } from '../../../messaging/extraction.ts';
import type { LassoDb } from '../../../storage/db.ts';
import { createList, listLists } from '../../../storage/lists.ts';
import { saveProfiles } from '../../../storage/rows.ts';
import { allRows, freshDb } from '../storage/test-db.ts';
import { PAGE, preview } from './extract-fixtures.ts';

const TAB: TargetTab = { tabId: PAGE.tabId, url: PAGE.url };

/** The background's answers are given; the lists are real (Dexie on fake-indexeddb). */
function backend(
  db: LassoDb,
  answers: { extract?: () => Promise<Extraction>; last?: Extraction | null } = {},
) {
  const extracted: number[] = [];
  const impl: ExtractBackend = {
    targetTab: async () => TAB,
    extract: async (tabId) => {
      extracted.push(tabId);
      return (answers.extract ?? (async () => preview()))();
    },
    last: async () => answers.last ?? null,
    lists: async () => (await listLists(db)).map(({ id, name, rowCount }) => ({ id, name, rowCount })),
    createList: (name) => createList(db, name),
    save: (listId, profiles) => saveProfiles(db, listId, profiles),
  };
  return { impl, extracted };
}

function shown(state: ExtractState) {
  if (state.name !== 'shown') throw new Error(`expected a shown extraction, got ${state.name}`);
  return state;
}

describe('opening the popup', () => {
  it("shows the tab's latest extraction, made from the shortcut or before the popup closed", async () => {
    const { impl } = backend(freshDb(), { last: preview() });
    const extract = createExtractStore(impl);

    await extract.start();

    expect(shown(extract.store.getState()).extraction.kind).toBe('preview');
  });

  it('waits for the user to click Extract when the tab has no extraction yet', async () => {
    const { impl, extracted } = backend(freshDb());
    const extract = createExtractStore(impl);

    await extract.start();

    expect(extract.store.getState()).toEqual({ name: 'idle', tab: TAB });
    expect(extracted).toEqual([]);
  });

  it('says so when the popup is not over a web page', async () => {
    const { impl } = backend(freshDb());
    const extract = createExtractStore({ ...impl, targetTab: async () => null });

    await extract.start();

    expect(extract.store.getState().name).toBe('noTab');
  });
});

describe('extracting', () => {
  it("asks the background to extract the popup's tab and shows the best list first", async () => {
    const { impl, extracted } = backend(freshDb());
    const extract = createExtractStore(impl);
    await extract.start();

    await extract.extract();

    expect(extracted).toEqual([PAGE.tabId]);
    expect(shown(extract.store.getState()).groupIndex).toBe(0);
  });

  it('says the background did not answer, rather than hanging, when the message fails', async () => {
    const { impl } = backend(freshDb(), {
      extract: async () => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
    });
    const extract = createExtractStore(impl);
    await extract.start();

    await extract.extract();

    expect(shown(extract.store.getState()).extraction).toMatchObject({ kind: 'failed', code: 'unreachable' });
  });

  it('switches to the next ranked list and back for free (no second extraction)', async () => {
    const { impl, extracted } = backend(freshDb());
    const extract = createExtractStore(impl);
    await extract.start();
    await extract.extract();

    extract.nextGroup();
    const second = shown(extract.store.getState()).groupIndex;
    extract.nextGroup();

    expect(second).toBe(1);
    expect(shown(extract.store.getState()).groupIndex).toBe(0);
    expect(extracted).toHaveLength(1);
  });
});

describe('saving to a list', () => {
  it('creates a new list with the shown people and says how many were saved', async () => {
    const db = freshDb();
    const { impl } = backend(db);
    const extract = createExtractStore(impl);
    await extract.start();
    await extract.extract();
    await extract.openSave();

    await extract.save({ newName: 'Acme team' });

    expect(shown(extract.store.getState()).save).toEqual({
      name: 'saved',
      listName: 'Acme team',
      added: 3,
      merged: 0,
      skipped: 0,
    });
    expect((await allRows(db)).map((row) => row.name).sort()).toEqual([
      'Ada Lovelace',
      'Alan Turing',
      'Grace Hopper',
    ]);
  });

  it('merges people already in the chosen list instead of adding them twice', async () => {
    const db = freshDb();
    const { impl } = backend(db);
    const extract = createExtractStore(impl);
    await extract.start();
    await extract.extract();
    await extract.openSave();
    await extract.save({ newName: 'Acme team' });
    await extract.openSave();
    const [list] = (shown(extract.store.getState()).save as { lists: Array<{ id: string }> }).lists;

    await extract.save({ listId: list!.id });

    expect(shown(extract.store.getState()).save).toMatchObject({ name: 'saved', added: 0, merged: 3 });
    expect(await allRows(db)).toHaveLength(3);
  });

  it('saves the list on screen after "Try another list"', async () => {
    const db = freshDb();
    const { impl } = backend(db);
    const extract = createExtractStore(impl);
    await extract.start();
    await extract.extract();
    extract.nextGroup();
    await extract.openSave();

    await extract.save({ newName: 'Advisors' });

    expect((await allRows(db)).map((row) => row.name)).toEqual(['Katherine Johnson']);
  });

  it('explains a taken list name and keeps the form open, saving nothing', async () => {
    const db = freshDb();
    await createList(db, 'Acme team');
    const { impl } = backend(db);
    const extract = createExtractStore(impl);
    await extract.start();
    await extract.extract();
    await extract.openSave();

    await extract.save({ newName: 'acme TEAM' });

    expect(shown(extract.store.getState()).save).toMatchObject({
      name: 'failed',
      message: expect.stringContaining('exists already'),
    });
    expect(await allRows(db)).toHaveLength(0);
  });

  it('offers no saving for a locked extraction: the popup never had the people', async () => {
    const { impl } = backend(freshDb(), {
      extract: async () => ({
        kind: 'locked',
        page: PAGE,
        at: 1,
        found: 3,
        groupCount: 1,
        available: 0,
        message: 'Not enough credits.',
      }),
    });
    const extract = createExtractStore(impl);
    await extract.start();
    await extract.extract();

    await extract.openSave();

    expect(shown(extract.store.getState()).save).toEqual({ name: 'closed' });
  });
});
