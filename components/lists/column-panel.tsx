/** Which columns show (and export), and the header each export writes: one global setting. */
import { COLUMN_IDS, COLUMNS, type ColumnId, type ColumnSettings } from '../../storage/export/columns.ts';

export interface ColumnPanelProps {
  settings: ColumnSettings;
  onChange: (patch: Partial<ColumnSettings>) => void;
  onReset: () => void;
}

export function ColumnPanel({ settings, onChange, onReset }: ColumnPanelProps) {
  const visible = new Set(settings.visible);
  const toggle = (id: ColumnId) =>
    onChange({
      visible: visible.has(id) ? settings.visible.filter((v) => v !== id) : [...settings.visible, id],
    });
  return (
    <details class="tool-panel">
      <summary>Columns</summary>
      <p class="muted">Shown here and written to every export, with the header you give.</p>
      <ul class="column-list">
        {COLUMN_IDS.map((id) => (
          <li key={id}>
            <label>
              <input type="checkbox" checked={visible.has(id)} onChange={() => toggle(id)} />
              {COLUMNS[id].label}
            </label>
            <input
              aria-label={`Export header for ${COLUMNS[id].label}`}
              placeholder={COLUMNS[id].label}
              defaultValue={settings.headerLabels[id] ?? ''}
              maxLength={100}
              onChange={(e) => {
                const label = e.currentTarget.value.trim();
                const headerLabels = { ...settings.headerLabels };
                if (label) headerLabels[id] = label;
                else delete headerLabels[id];
                onChange({ headerLabels });
              }}
            />
          </li>
        ))}
      </ul>
      <button type="button" onClick={onReset}>
        Reset columns
      </button>
    </details>
  );
}
