import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ApiStatus } from '../../components/api-status.tsx';
import { ApiUrlSetting } from '../../components/api-url-setting.tsx';
import { useApiStatus } from '../../components/use-api-status.ts';
import { sendToBackground } from '../../messaging/send.ts';
import { buildConfig } from '../../storage/config.ts';
import { getApiUrl, resetApiUrl, saveApiUrl } from '../../storage/settings.ts';
import '../../components/theme.css';
import './style.css';

const checkApi = () => sendToBackground({ type: 'api.health' });

/** The manifest grants host access to the build-time API origin only; any other origin would be blocked. */
async function hostAccessWarning(url: string): Promise<string | undefined> {
  const origin = new URL(url).origin;
  if (await browser.permissions.contains({ origins: [`${origin}/*`] })) return undefined;
  return `This build of Lasso may only talk to ${new URL(buildConfig.defaultApiUrl).origin}, so requests to ${origin} will be blocked. Rebuild it with LASSO_API_URL=${url} to use this API.`;
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

function Dashboard() {
  return (
    <main class="dashboard">
      <h1>Lasso</h1>
      <Settings />
    </main>
  );
}

render(<Dashboard />, document.getElementById('app')!);
