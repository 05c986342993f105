/**
 * What to do with the selected rows. Actions beyond tagging, moving and deleting (e.g. "Enrich",
 * "Find email") are passed in as `extraActions`, so a feature adds a button without touching this file.
 */
import type { ListWithCount } from '../../storage/lists.ts';

export interface BulkAction {
  label: string;
  run: (ids: readonly string[]) => void;
}

export interface BulkBarProps {
  count: number;
  /** How many rows match the current view, for "Select all N". */
  matching: number;
  lists: readonly ListWithCount[];
  currentListId: string | undefined;
  onSelectAll: () => void;
  onClear: () => void;
  onTag: (tag: string) => void;
  onUntag: (tag: string) => void;
  onTransfer: (mode: 'move' | 'copy', listId: string) => void;
  onDelete: () => void;
  extraActions?: readonly BulkAction[];
  selectedIds: readonly string[];
}

function TagForm({ label, onSubmit }: { label: string; onSubmit: (tag: string) => void }) {
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        const input = e.currentTarget.elements.namedItem('tag') as HTMLInputElement;
        if (input.value.trim()) onSubmit(input.value.trim());
        input.value = '';
      }}
    >
      <input name="tag" aria-label={`${label}: tag name`} placeholder="tag" maxLength={50} />
      <button type="submit">{label}</button>
    </form>
  );
}

export function BulkBar(props: BulkBarProps) {
  if (props.count === 0) return null;
  const others = props.lists.filter((list) => list.id !== props.currentListId);
  return (
    <div class="bulk-bar" role="toolbar" aria-label="Selected rows">
      <strong>{props.count.toLocaleString()} selected</strong>
      {props.count < props.matching && (
        <button type="button" onClick={props.onSelectAll}>
          Select all {props.matching.toLocaleString()}
        </button>
      )}
      <button type="button" onClick={props.onClear}>
        Clear
      </button>
      <TagForm label="Tag" onSubmit={props.onTag} />
      <TagForm label="Untag" onSubmit={props.onUntag} />
      {others.length > 0 && (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const listId = (form.elements.namedItem('to') as HTMLSelectElement).value;
            const mode = (e.submitter as HTMLButtonElement | null)?.value === 'copy' ? 'copy' : 'move';
            props.onTransfer(mode, listId);
          }}
        >
          <select name="to" aria-label="Target list">
            {others.map((list) => (
              <option key={list.id} value={list.id}>
                {list.name}
              </option>
            ))}
          </select>
          <button type="submit" value="move">
            Move
          </button>
          <button type="submit" value="copy">
            Copy
          </button>
        </form>
      )}
      {props.extraActions?.map((action) => (
        <button type="button" key={action.label} onClick={() => action.run(props.selectedIds)}>
          {action.label}
        </button>
      ))}
      <button type="button" class="danger" onClick={props.onDelete}>
        Delete
      </button>
    </div>
  );
}
