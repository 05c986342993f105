import { useState } from 'preact/hooks';
import type { ApiUrlCheck } from '../storage/settings.ts';

interface ApiUrlSettingProps {
  /** The URL in use now. */
  value: string;
  /** The URL the extension was built with. */
  defaultUrl: string;
  /** Shown under the field when the browser will not let the extension reach `value`. */
  warning?: string | undefined;
  onSave: (input: string) => Promise<ApiUrlCheck>;
  onReset: () => Promise<string>;
}

type Feedback = { tone: 'ok' | 'bad'; text: string } | undefined;

/** The billing API URL field of Settings: edit, save (validated), or go back to the default. */
export function ApiUrlSetting({ value, defaultUrl, warning, onSave, onReset }: ApiUrlSettingProps) {
  const [draft, setDraft] = useState(value);
  const [feedback, setFeedback] = useState<Feedback>(undefined);
  const [busy, setBusy] = useState(false);

  async function save(event: Event) {
    event.preventDefault();
    setBusy(true);
    const result = await onSave(draft).finally(() => setBusy(false));
    if (result.ok) {
      setDraft(result.url);
      setFeedback({ tone: 'ok', text: `Saved. Lasso now uses ${result.url}.` });
    } else {
      setFeedback({ tone: 'bad', text: result.error });
    }
  }

  async function reset() {
    setBusy(true);
    const url = await onReset().finally(() => setBusy(false));
    setDraft(url);
    setFeedback({ tone: 'ok', text: `Back to the default, ${url}.` });
  }

  const invalid = feedback?.tone === 'bad';
  return (
    <form class="setting" onSubmit={save} noValidate>
      <label for="api-url">Billing API URL</label>
      <input
        id="api-url"
        name="apiUrl"
        type="url"
        inputMode="url"
        spellcheck={false}
        autocomplete="off"
        value={draft}
        onInput={(event) => setDraft(event.currentTarget.value)}
        aria-invalid={invalid}
        aria-describedby="api-url-help api-url-feedback"
      />
      <p id="api-url-help" class="setting__help">
        Where Lasso asks for credits. Default: <code>{defaultUrl}</code>
      </p>
      {warning && <p class="setting__warning">{warning}</p>}
      <div class="setting__actions">
        <button type="submit" disabled={busy}>
          Save
        </button>
        <button type="button" class="secondary" onClick={reset} disabled={busy || draft === defaultUrl}>
          Use default
        </button>
      </div>
      <p
        id="api-url-feedback"
        role="status"
        aria-live="polite"
        class={`setting__feedback ${feedback?.tone ?? ''}`}
      >
        {feedback?.text}
      </p>
    </form>
  );
}
