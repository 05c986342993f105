/** The Lists page's UI state (which list, search, filter, sort, selection, toast) as a zustand store. */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { EMPTY_SELECTION, type Selection } from './selection.ts';

export type SortKey = 'savedAt' | 'name' | 'title' | 'company' | 'location' | 'email';

export interface Toast {
  text: string;
  /** Shown as a button beside the text ("Undo"). */
  action?: { label: string; run: () => void };
}

export interface ListsUiState {
  listId?: string;
  search: string;
  tag?: string;
  sort: { key: SortKey; dir: 'asc' | 'desc' };
  selection: Selection;
  toast?: Toast;
}

export const initialListsUi: ListsUiState = {
  search: '',
  sort: { key: 'savedAt', dir: 'desc' },
  selection: EMPTY_SELECTION,
};

export type ListsUiAction =
  | { type: 'openList'; listId: string | undefined }
  | { type: 'search'; text: string }
  | { type: 'filterTag'; tag: string | undefined }
  | { type: 'sortBy'; key: SortKey }
  | { type: 'select'; selection: Selection }
  | { type: 'toast'; toast: Toast | undefined };

/** Pure: the next UI state. Changing what is shown (list, search, filter) clears the selection. */
export function reduceListsUi(state: ListsUiState, action: ListsUiAction): ListsUiState {
  switch (action.type) {
    case 'openList':
      if (action.listId === state.listId) return state;
      return { ...state, listId: action.listId, search: '', tag: undefined, selection: EMPTY_SELECTION };
    case 'search':
      return { ...state, search: action.text, selection: EMPTY_SELECTION };
    case 'filterTag':
      return { ...state, tag: action.tag, selection: EMPTY_SELECTION };
    case 'sortBy': {
      const same = state.sort.key === action.key;
      const dir = same
        ? state.sort.dir === 'asc'
          ? 'desc'
          : 'asc'
        : action.key === 'savedAt'
          ? 'desc'
          : 'asc';
      return { ...state, sort: { key: action.key, dir } };
    }
    case 'select':
      return { ...state, selection: action.selection };
    case 'toast':
      return { ...state, toast: action.toast };
  }
}

export interface ListsUi {
  store: StoreApi<ListsUiState>;
  dispatch: (action: ListsUiAction) => void;
}

export function createListsUi(): ListsUi {
  const store = createStore<ListsUiState>(() => initialListsUi);
  return { store, dispatch: (action) => store.setState(reduceListsUi(store.getState(), action), true) };
}
