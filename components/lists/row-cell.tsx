/** One cell of the table: plain text, a safe link, a date, tags with colours, or an inline editor. */
import { useState } from 'preact/hooks';
import { COLUMNS, type ColumnId, cellText } from '../../storage/export/columns.ts';
import type { RowRecord } from '../../storage/model.ts';

/** The columns a user edits in place; the rest are derived (dates) or have their own control (tags). */
export const EDITABLE_COLUMNS = new Set<ColumnId>([
  'name',
  'title',
  'company',
  'location',
  'email',
  'phone',
  'note',
]);

export interface CellProps {
  row: RowRecord;
  column: ColumnId;
  tagColours: ReadonlyMap<string, string>;
  /** Saves an edit; resolves to an error message to show, or undefined when saved. */
  onEdit: (row: RowRecord, column: ColumnId, value: string) => Promise<string | undefined>;
  onRemoveTag: (row: RowRecord, tag: string) => void;
  onAddTag: (row: RowRecord, tag: string) => void;
}

function isWebUrl(text: string): boolean {
  return /^https?:\/\//i.test(text);
}

function TagCell({ row, tagColours, onRemoveTag, onAddTag }: CellProps) {
  const [adding, setAdding] = useState(false);
  return (
    <span class="row-tags">
      {row.tags.map((tag) => (
        <span key={tag} class="tag-chip" style={{ background: tagColours.get(tag) ?? '#64748b' }}>
          {tag}
          <button type="button" aria-label={`Remove tag ${tag}`} onClick={() => onRemoveTag(row, tag)}>
            ×
          </button>
        </span>
      ))}
      {adding ? (
        <input
          class="cell-input"
          aria-label="New tag"
          // biome-ignore lint/a11y/noAutofocus: the user just asked to type a tag.
          autoFocus
          onKeyDown={(e) => {
            const input = e.currentTarget;
            if (e.key === 'Enter' && input.value.trim()) {
              onAddTag(row, input.value.trim());
              setAdding(false);
            } else if (e.key === 'Escape') setAdding(false);
          }}
          onBlur={() => setAdding(false)}
        />
      ) : (
        <button
          type="button"
          class="tag-add"
          aria-label={`Add tag to ${row.name}`}
          onClick={() => setAdding(true)}
        >
          +
        </button>
      )}
    </span>
  );
}

function EditableCell(props: CellProps & { text: string }) {
  const { row, column, text, onEdit } = props;
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  if (!editing) {
    return (
      <button
        type="button"
        class="cell-text cell-editable"
        title={text ? `${text} — double-click to edit` : 'Double-click to edit'}
        aria-label={`Edit ${COLUMNS[column].label} of ${row.name}`}
        onDblClick={() => setEditing(true)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') setEditing(true);
        }}
      >
        {text}
      </button>
    );
  }
  return (
    <span class="cell-edit">
      <input
        class="cell-input"
        aria-label={`${COLUMNS[column].label} of ${row.name}`}
        defaultValue={text}
        // biome-ignore lint/a11y/noAutofocus: editing starts where the user double-clicked.
        autoFocus
        onKeyDown={async (e) => {
          if (e.key === 'Escape') {
            setError(undefined);
            setEditing(false);
          } else if (e.key === 'Enter') {
            const message = await onEdit(row, column, e.currentTarget.value);
            setError(message);
            if (!message) setEditing(false);
          }
        }}
      />
      {error && (
        <span class="cell-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

export function RowCell(props: CellProps) {
  const { row, column } = props;
  const def = COLUMNS[column];
  if (def.kind === 'tags') return <TagCell {...props} />;
  if (def.kind === 'date') {
    const ms = row[column as 'savedAt' | 'updatedAt'];
    return <span class="cell-text">{new Date(ms).toLocaleString()}</span>;
  }
  const text = cellText(row, def);
  if (EDITABLE_COLUMNS.has(column)) return <EditableCell {...props} text={text} />;
  // Page strings are hostile: only http(s) becomes a link, always as text, never as markup.
  if (def.kind === 'url' && isWebUrl(text)) {
    return (
      <a class="cell-text" href={text} target="_blank" rel="noopener noreferrer" title={text}>
        {text}
      </a>
    );
  }
  return (
    <span class="cell-text" title={text}>
      {text}
    </span>
  );
}
