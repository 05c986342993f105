import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ApiStatus } from '../../components/api-status.tsx';
import { AuthForm } from '../../components/auth-form.tsx';
import { BalanceView } from '../../components/balance-view.tsx';
import { extensionExtractBackend } from '../../components/extract-backend.ts';
import { ExtractPanel } from '../../components/extract-panel.tsx';
import { createExtractStore } from '../../components/extract-store.ts';
import { JobSummary } from '../../components/jobs/job-summary.tsx';
import { extensionBackend } from '../../components/session-backend.ts';
import { createSessionStore, type Phase, visibleBalance } from '../../components/session-store.ts';
import { useApiStatus } from '../../components/use-api-status.ts';
import { useNow, useStore } from '../../components/use-store.ts';
import { VerifyReminder } from '../../components/verify-reminder.tsx';
import { sendToBackground } from '../../messaging/send.ts';
import './style.css';

const session = createSessionStore(extensionBackend());
const extract = createExtractStore(extensionExtractBackend());

const checkApi = () => sendToBackground({ type: 'api.health' });

async function openDashboard(hash: string) {
  await browser.tabs.create({ url: browser.runtime.getURL(`/dashboard.html${hash}`) });
  window.close();
}

function SignedIn({ phase }: { phase: Extract<Phase, { name: 'signedIn' }> }) {
  const state = useStore(session.store);
  const extraction = useStore(extract.store);
  const now = useNow(15_000);
  const { user } = phase.account;
  const cached = visibleBalance(state);
  useEffect(() => {
    if (extract.store.getState().name === 'starting') void extract.start();
  }, []);
  return (
    <>
      <header class="popup__header">
        <h1>Lasso</h1>
        <span class="popup__user" title={user.email}>
          {user.email}
        </span>
        <button type="button" class="secondary small" onClick={() => session.signOut()}>
          Sign out
        </button>
      </header>
      {!user.emailVerified && (
        <VerifyReminder
          email={user.email}
          resend={state.resend}
          onResend={() => session.resendVerification()}
        />
      )}
      <ExtractPanel
        state={extraction}
        actions={extract}
        balance={cached?.balance}
        onOpenHistory={() => openDashboard('#history')}
      />
      <BalanceView
        cached={cached}
        connection={state.connection}
        now={now}
        onRetry={() => session.retry()}
        onOpenHistory={() => openDashboard('#history')}
        onOpenTeam={() => openDashboard('#team')}
      />
    </>
  );
}

function SignedOut({ phase }: { phase: Extract<Phase, { name: 'signedOut' | 'signingIn' | 'expired' }> }) {
  const [view, refresh] = useApiStatus(checkApi);
  return (
    <>
      <header class="popup__header">
        <h1>Lasso</h1>
      </header>
      <p class="muted">Sign in to extract the people on the page you're on.</p>
      <AuthForm
        phase={phase}
        onSwitch={session.switchForm}
        onSignIn={session.signIn}
        onSignUp={session.signUp}
      />
      <ApiStatus view={view} onRetry={refresh} />
    </>
  );
}

function Popup() {
  const { phase } = useStore(session.store);
  return (
    <main class="popup">
      {phase.name === 'loading' ? (
        <p class="loading" role="status" aria-busy="true">
          Loading…
        </p>
      ) : phase.name === 'signedIn' ? (
        <SignedIn phase={phase} />
      ) : (
        <SignedOut phase={phase} />
      )}
      <JobSummary onOpen={() => openDashboard('#lists')} />
      <footer class="popup__footer">
        <button type="button" class="link" onClick={() => openDashboard('#settings')}>
          Open dashboard and settings
        </button>
      </footer>
    </main>
  );
}

// The first paint already shows what storage remembers (the cached balance): no "Loading…" frame
// first, and the popup opens at its final size.
session
  .start()
  .catch((error: unknown) => console.error('lasso: could not read the session', error))
  .finally(() => render(<Popup />, document.getElementById('app')!));
