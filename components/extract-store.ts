import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Profile } from '../extract/profile.ts';
import type { Extraction } from '../messaging/extraction.ts';
import type { ListResult } from '../storage/lists.ts';
import type { SaveResult } from '../storage/rows.ts';

/** The tab the popup works on: the page the user opened it over. */
export interface TargetTab {
  tabId: number;
  url?: string | undefined;
}

export interface ListChoice {
  id: string;
  name: string;
  rowCount: number;
}

/** What the panel needs from the extension: the background's extraction, and the lists in IndexedDB. */
export interface ExtractBackend {
  /** The tab to extract from, or null when the popup is not over a web page. */
  targetTab(): Promise<TargetTab | null>;
  extract(tabId: number): Promise<Extraction>;
  /** The tab's latest extraction (one made from the shortcut or menu, or before the popup closed). */
  last(tab: TargetTab): Promise<Extraction | null>;
  lists(): Promise<ListChoice[]>;
  createList(name: string): Promise<ListResult>;
  save(listId: string, profiles: readonly Profile[]): Promise<SaveResult>;
}

export type SaveState =
  | { name: 'closed' }
  | { name: 'choosing'; lists: ListChoice[] }
  | { name: 'saving' }
  | { name: 'saved'; listName: string; added: number; merged: number; skipped: number }
  | { name: 'failed'; message: string; lists: ListChoice[] };

/**
 * ```
 * idle ─Extract─► extracting ─► shown (preview | empty | locked | failed) ─Extract again─► extracting
 * ```
 * `noTab`: the popup is not over a web page (opened as a tab of its own, say).
 */
export type ExtractState =
  | { name: 'starting' }
  | { name: 'noTab' }
  | { name: 'idle'; tab: TargetTab }
  | { name: 'extracting'; tab: TargetTab }
  | { name: 'shown'; tab: TargetTab; extraction: Extraction; groupIndex: number; save: SaveState };

export interface ExtractStore {
  readonly store: StoreApi<ExtractState>;
  /** Finds the tab and shows its latest extraction, if any. */
  start(): Promise<void>;
  extract(): Promise<void>;
  /** "Try another list": the next ranked list of the same page, free. */
  nextGroup(): void;
  openSave(): Promise<void>;
  closeSave(): void;
  /** Saves the shown list into an existing list (`listId`) or a new one (`newName`). */
  save(target: { listId: string } | { newName: string }): Promise<void>;
}

const UNANSWERED = "Lasso's background worker did not answer. Close the popup and try again.";

const SAVE_FAILURES: Record<
  Extract<SaveResult, { ok: false }>['code'] | 'empty_name' | 'name_taken',
  string
> = {
  list_not_found: 'That list was deleted meanwhile. Pick another one.',
  quota_exceeded: 'Your disk is full: nothing was saved. Free some space and try again.',
  empty_name: 'Give the new list a name.',
  name_taken: 'A list with that name exists already: pick it from the list instead.',
};

/**
 * The popup's "Extract profiles" panel as a zustand store. Everything it shows comes from the
 * background's answer; saving goes straight to IndexedDB (free, and never through the API).
 */
export function createExtractStore(backend: ExtractBackend): ExtractStore {
  const store = createStore<ExtractState>(() => ({ name: 'starting' }));
  const set = (state: ExtractState) => store.setState(state, true);

  function shown(): Extract<ExtractState, { name: 'shown' }> | undefined {
    const state = store.getState();
    return state.name === 'shown' ? state : undefined;
  }

  function show(tab: TargetTab, extraction: Extraction) {
    set({ name: 'shown', tab, extraction, groupIndex: 0, save: { name: 'closed' } });
  }

  function setSave(save: SaveState) {
    const state = shown();
    if (state) set({ ...state, save });
  }

  async function loadLists(): Promise<ListChoice[]> {
    return backend.lists().catch(() => []);
  }

  return {
    store,
    async start() {
      const tab = await backend.targetTab().catch(() => null);
      if (!tab) return set({ name: 'noTab' });
      set({ name: 'idle', tab });
      const latest = await backend.last(tab).catch(() => null);
      // The user may have clicked Extract while the latest was being fetched: theirs wins.
      if (latest && store.getState().name === 'idle') show(tab, latest);
    },

    async extract() {
      const state = store.getState();
      if (state.name !== 'idle' && state.name !== 'shown') return;
      const { tab } = state;
      set({ name: 'extracting', tab });
      const extraction = await backend
        .extract(tab.tabId)
        .catch(
          (): Extraction => ({ kind: 'failed', code: 'unreachable', message: UNANSWERED, at: Date.now() }),
        );
      show(tab, extraction);
    },

    nextGroup() {
      const state = shown();
      if (state?.extraction.kind !== 'preview') return;
      const count = state.extraction.groups.length;
      // Another list is another set of people: a save result shown for the previous one no longer applies.
      set({ ...state, groupIndex: (state.groupIndex + 1) % count, save: { name: 'closed' } });
    },

    async openSave() {
      if (shown()?.extraction.kind !== 'preview') return;
      setSave({ name: 'choosing', lists: [] });
      const lists = await loadLists();
      if (shown()?.save.name === 'choosing') setSave({ name: 'choosing', lists });
    },

    closeSave: () => setSave({ name: 'closed' }),

    async save(target) {
      const state = shown();
      if (state?.extraction.kind !== 'preview') return;
      const profiles = state.extraction.groups[state.groupIndex]?.profiles ?? [];
      const lists = state.save.name === 'choosing' || state.save.name === 'failed' ? state.save.lists : [];
      setSave({ name: 'saving' });
      try {
        let listId: string;
        let listName: string;
        if ('listId' in target) {
          listId = target.listId;
          listName = lists.find((list) => list.id === listId)?.name ?? 'the list';
        } else {
          const created = await backend.createList(target.newName);
          if (!created.ok) return setSave({ name: 'failed', message: SAVE_FAILURES[created.code], lists });
          listId = created.list.id;
          listName = created.list.name;
        }
        const result = await backend.save(listId, profiles);
        if (!result.ok) return setSave({ name: 'failed', message: SAVE_FAILURES[result.code], lists });
        setSave({
          name: 'saved',
          listName,
          added: result.added,
          merged: result.merged,
          skipped: result.skipped,
        });
      } catch (error) {
        console.error('lasso: saving the profiles failed', error);
        setSave({ name: 'failed', message: 'Saving failed; nothing was lost. Try again.', lists });
      }
    },
  };
}
