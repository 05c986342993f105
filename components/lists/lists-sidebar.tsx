/** The lists: pick one, create, rename, delete (after a confirmation, with Undo). */
import { useState } from 'preact/hooks';
import type { ListWithCount } from '../../storage/lists.ts';

export interface ListsSidebarProps {
  lists: readonly ListWithCount[] | undefined;
  selectedId: string | undefined;
  onOpen: (id: string) => void;
  /** Each resolves to an error message, or undefined when done. */
  onCreate: (name: string) => Promise<string | undefined>;
  onRename: (id: string, name: string) => Promise<string | undefined>;
  onDelete: (list: ListWithCount) => void;
}

function NameForm(props: {
  label: string;
  initial?: string;
  submit: string;
  onSubmit: (name: string) => Promise<string | undefined>;
  onCancel?: () => void;
}) {
  const [error, setError] = useState<string | undefined>(undefined);
  return (
    <form
      class="list-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const input = e.currentTarget.elements.namedItem('name') as HTMLInputElement;
        const message = await props.onSubmit(input.value);
        setError(message);
        if (!message) input.value = '';
      }}
    >
      <input
        name="name"
        aria-label={props.label}
        placeholder={props.label}
        defaultValue={props.initial}
        maxLength={100}
        onKeyDown={(e) => {
          if (e.key === 'Escape') props.onCancel?.();
        }}
      />
      <button type="submit">{props.submit}</button>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

export function ListsSidebar(props: ListsSidebarProps) {
  const [renaming, setRenaming] = useState<string | undefined>(undefined);
  return (
    <nav class="lists-sidebar" aria-label="Lists">
      <h2>Lists</h2>
      {props.lists === undefined ? (
        <p class="muted">Loading lists…</p>
      ) : props.lists.length === 0 ? (
        <p class="muted">No lists yet. Create one to start saving people.</p>
      ) : (
        <ul>
          {props.lists.map((list) =>
            renaming === list.id ? (
              <li key={list.id}>
                <NameForm
                  label="New name"
                  initial={list.name}
                  submit="Rename"
                  onCancel={() => setRenaming(undefined)}
                  onSubmit={async (name) => {
                    const message = await props.onRename(list.id, name);
                    if (!message) setRenaming(undefined);
                    return message;
                  }}
                />
              </li>
            ) : (
              <li key={list.id} class={list.id === props.selectedId ? 'is-current' : undefined}>
                <button
                  type="button"
                  class="list-link"
                  aria-current={list.id === props.selectedId ? 'true' : undefined}
                  onClick={() => props.onOpen(list.id)}
                >
                  <span class="list-link__name">{list.name}</span>
                  <span class="list-link__count">{list.rowCount.toLocaleString()}</span>
                </button>
                <button
                  type="button"
                  class="icon-button"
                  aria-label={`Rename ${list.name}`}
                  onClick={() => setRenaming(list.id)}
                >
                  ✎
                </button>
                <button
                  type="button"
                  class="icon-button"
                  aria-label={`Delete ${list.name}`}
                  onClick={() => props.onDelete(list)}
                >
                  ×
                </button>
              </li>
            ),
          )}
        </ul>
      )}
      <NameForm label="New list name" submit="Create list" onSubmit={props.onCreate} />
    </nav>
  );
}
