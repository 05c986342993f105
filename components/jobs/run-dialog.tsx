/**
 * The confirmation before a bulk run: what it can cost and from which credits, and which sites Lasso
 * will open. Confirm asks Chrome for access to those sites first (it must be asked within the click),
 * then starts the job in the background.
 */
import { useState } from 'preact/hooks';
import type { Outcome } from '../../messaging/protocol.ts';
import type { CostPreview } from './cost-preview.ts';
import { previewText } from './cost-preview.ts';

export interface RunDialogProps {
  preview: CostPreview;
  /** `chrome.permissions.request` for the origins; resolves false when the user refuses. */
  requestAccess(origins: string[]): Promise<boolean>;
  start(): Promise<Outcome<{ jobId: string }>>;
  onClose(): void;
}

const MAX_SITES_SHOWN = 5;

export const ACCESS_REFUSED =
  'Lasso was not allowed to open these sites, so nothing was started and nothing was charged.';

/**
 * Asks for host access to `origins` (first, while the click still counts as a user gesture), then
 * starts the run. Returns why it did not start, or undefined when it did.
 */
export async function confirmRun(
  origins: string[],
  requestAccess: RunDialogProps['requestAccess'],
  start: RunDialogProps['start'],
): Promise<string | undefined> {
  const granted = origins.length === 0 || (await requestAccess(origins).catch(() => false));
  if (!granted) return ACCESS_REFUSED;
  const started = await start().catch((e: unknown) => ({
    ok: false as const,
    message: e instanceof Error ? e.message : String(e),
  }));
  return started.ok ? undefined : `The run could not start: ${started.message}`;
}

export function RunDialog({ preview, requestAccess, start, onClose }: RunDialogProps) {
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const hosts = preview.origins.map((o) => o.replace(/\/\*$/, ''));

  async function confirm() {
    setBusy(true);
    setError(undefined);
    const refusal = await confirmRun(preview.origins, requestAccess, start);
    setBusy(false);
    if (refusal === undefined) onClose();
    else setError(refusal);
  }

  return (
    <div class="run-dialog" role="dialog" aria-modal="true" aria-labelledby="run-dialog-title">
      <h3 id="run-dialog-title">{preview.kind === 'enrich' ? 'Enrich rows' : 'Find emails'}</h3>
      <p data-testid="cost-preview">{previewText(preview)}</p>
      {hosts.length > 0 && (
        <p class="muted">
          To read the profile pages, Lasso asks Chrome for access to{' '}
          {hosts.slice(0, MAX_SITES_SHOWN).join(', ')}
          {hosts.length > MAX_SITES_SHOWN ? ` and ${hosts.length - MAX_SITES_SHOWN} more sites` : ''}. Lasso
          only requests each page by its address: nothing else of your lists leaves the browser.
        </p>
      )}
      {preview.kind === 'find_email' && (
        <p class="muted">
          Lasso checks candidate addresses with the billing API (free) and spends 1 credit only for an address
          it judges valid. Only the addresses being checked leave the browser.
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="run-dialog__buttons">
        <button type="button" onClick={confirm} disabled={busy || preview.maxCredits === 0}>
          Start
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}
