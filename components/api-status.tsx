import type { ApiStatusView } from './use-api-status.ts';

interface ApiStatusProps {
  view: ApiStatusView;
  onRetry: () => void;
}

/** Whether the billing API answers, and a button to ask again. */
export function ApiStatus({ view, onRetry }: ApiStatusProps) {
  const checking = view.kind === 'checking';
  return (
    <section class={`api-status api-status--${tone(view)}`} aria-busy={checking}>
      <div role="status" aria-live="polite">
        <Message view={view} />
      </div>
      <button type="button" onClick={onRetry} disabled={checking}>
        {view.kind === 'settled' && view.status.ok ? 'Check again' : 'Retry'}
      </button>
    </section>
  );
}

function Message({ view }: { view: ApiStatusView }) {
  if (view.kind === 'checking') return <p class="api-status__title">Checking the billing API…</p>;
  if (view.kind === 'failed') {
    return (
      <>
        <p class="api-status__title">Lasso's background worker did not answer</p>
        <p class="api-status__detail">{view.error}</p>
      </>
    );
  }
  const { status } = view;
  if (status.ok) return <p class="api-status__title">Billing API: connected ({status.db})</p>;
  if (status.reason === 'error') {
    return (
      <>
        <p class="api-status__title">The billing API at {status.apiUrl} answered with an error</p>
        <p class="api-status__detail">{status.error}</p>
      </>
    );
  }
  return (
    <>
      <p class="api-status__title">Cannot reach the billing API at {status.apiUrl}</p>
      <p class="api-status__detail">
        {status.reason === 'timeout' ? 'It did not answer in time.' : 'Nothing answered.'} Is it running?
        Start it with <code>npm start</code>, or change its URL in Settings.
      </p>
    </>
  );
}

function tone(view: ApiStatusView): 'pending' | 'ok' | 'bad' {
  if (view.kind === 'checking') return 'pending';
  return view.kind === 'settled' && view.status.ok ? 'ok' : 'bad';
}
