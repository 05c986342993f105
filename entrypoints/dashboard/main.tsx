import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { AccountSettings } from '../../components/account-settings.tsx';
import { ApiStatus } from '../../components/api-status.tsx';
import { ApiUrlSetting } from '../../components/api-url-setting.tsx';
import { type JobCalls, ListsWithJobs } from '../../components/jobs/lists-with-jobs.tsx';
import { extensionBackend } from '../../components/session-backend.ts';
import { createSessionStore, visibleBalance } from '../../components/session-store.ts';
import { type TeamCalls, TeamPage } from '../../components/team-page.tsx';
import { UsageHistory } from '../../components/usage-history.tsx';
import { useApiStatus } from '../../components/use-api-status.ts';
import { useStore } from '../../components/use-store.ts';
import { sendToBackground } from '../../messaging/send.ts';
import { buildConfig } from '../../storage/config.ts';
import { lassoDb } from '../../storage/db.ts';
import { getApiUrl, resetApiUrl, saveApiUrl } from '../../storage/settings.ts';
import '../../components/theme.css';
import '../../components/account.css';
import '../../components/lists/lists.css';
import '../../components/jobs/jobs.css';
import './style.css';

const session = createSessionStore(extensionBackend());
session.start().catch((error: unknown) => console.error('lasso: could not read the session', error));

const checkApi = () => sendToBackground({ type: 'api.health' });
const loadLedgerPage = (query: { before?: string; limit: number }) =>
  sendToBackground({ type: 'ledger.page', ...query });

const teamCalls: TeamCalls = {
  current: () => sendToBackground({ type: 'team.current' }),
  create: (name) => sendToBackground({ type: 'team.create', name }),
  addMember: (email, poolAccess) => sendToBackground({ type: 'team.addMember', email, poolAccess }),
  updateMember: (userId, body) => sendToBackground({ type: 'team.updateMember', userId, ...body }),
  removeMember: (userId) => sendToBackground({ type: 'team.removeMember', userId }),
};

const jobCalls: JobCalls = {
  start: (kind, listId, rowIds) => sendToBackground({ type: 'jobs.start', kind, listId, rowIds }),
  cancel: (jobId) => sendToBackground({ type: 'jobs.cancel', jobId }),
  // Host access for enrichment is optional: asked for the sites of the rows, when the user starts a run.
  requestAccess: (origins) => browser.permissions.request({ origins }),
};

/** The manifest grants host access to the build-time API origin only; any other origin would be blocked. */
async function hostAccessWarning(url: string): Promise<string | undefined> {
  const origin = new URL(url).origin;
  if (await browser.permissions.contains({ origins: [`${origin}/*`] })) return undefined;
  return `This build of Lasso may only talk to ${new URL(buildConfig.defaultApiUrl).origin}, so requests to ${origin} will be blocked. Rebuild it with LASSO_API_URL=${url} to use this API.`;
}

function Account() {
  const { phase } = useStore(session.store);
  return (
    <section aria-labelledby="account-title">
      <h2 id="account-title">Account</h2>
      <AccountSettings
        phase={phase}
        onSwitch={session.switchForm}
        onSignIn={session.signIn}
        onSignUp={session.signUp}
        onSignOut={() => session.signOut()}
      />
    </section>
  );
}

function Settings() {
  const [apiUrl, setApiUrl] = useState<string | undefined>(undefined);
  const [warning, setWarning] = useState<string | undefined>(undefined);
  const [view, refresh] = useApiStatus(checkApi);

  const adopt = useCallback(
    async (url: string) => {
      setApiUrl(url);
      setWarning(await hostAccessWarning(url));
      refresh();
    },
    [refresh],
  );

  useEffect(() => {
    getApiUrl().then(adopt);
  }, [adopt]);

  async function save(input: string) {
    const result = await saveApiUrl(input);
    if (result.ok) await adopt(result.url);
    return result;
  }

  async function reset() {
    const url = await resetApiUrl();
    await adopt(url);
    return url;
  }

  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      {apiUrl === undefined ? (
        <p>Loading settings…</p>
      ) : (
        <ApiUrlSetting
          value={apiUrl}
          defaultUrl={buildConfig.defaultApiUrl}
          warning={warning}
          onSave={save}
          onReset={reset}
        />
      )}
      <ApiStatus view={view} onRetry={refresh} />
    </section>
  );
}

type Route = 'lists' | 'history' | 'team' | 'settings';

/** Lists is the landing page: it needs no sign-in and no network. */
function routeOf(hash: string): Route {
  if (hash === '#history') return 'history';
  if (hash === '#team') return 'team';
  if (hash === '#settings') return 'settings';
  return 'lists';
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const follow = () => setRoute(routeOf(location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}

function Dashboard() {
  const route = useRoute();
  const state = useStore(session.store);
  const { phase } = state;
  const user = phase.name === 'signedIn' ? phase.account.user : null;
  return (
    <main class="dashboard">
      <header class="dashboard__header">
        <h1>Lasso</h1>
        <nav aria-label="Dashboard">
          <a href="#lists" aria-current={route === 'lists' ? 'page' : undefined}>
            Lists
          </a>
          <a href="#history" aria-current={route === 'history' ? 'page' : undefined}>
            Usage history
          </a>
          <a href="#team" aria-current={route === 'team' ? 'page' : undefined}>
            Team
          </a>
          <a href="#settings" aria-current={route === 'settings' ? 'page' : undefined}>
            Settings
          </a>
        </nav>
      </header>
      {route === 'lists' ? (
        <ListsWithJobs db={lassoDb()} balance={visibleBalance(state)?.balance ?? null} calls={jobCalls} />
      ) : route === 'history' ? (
        // Keyed by user: signing in as someone else starts the history over.
        <UsageHistory
          key={phase.name === 'signedIn' ? phase.account.user.id : phase.name}
          loadPage={loadLedgerPage}
        />
      ) : route === 'team' ? (
        <TeamPage
          key={user?.id ?? phase.name}
          calls={teamCalls}
          user={user}
          refreshKey={visibleBalance(state)?.fetchedAt}
        />
      ) : (
        <div class="dashboard__settings">
          <Account />
          <Settings />
        </div>
      )}
    </main>
  );
}

// Vite replaces MODE at build time, so only bench builds contain the hooks (see bench/lists-chromium.ts).
if (import.meta.env.MODE === 'bench') import('./bench-hooks.ts');

render(<Dashboard />, document.getElementById('app')!);
