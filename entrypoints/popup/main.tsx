import { render } from 'preact';
import { browser } from 'wxt/browser';
import { ApiStatus } from '../../components/api-status.tsx';
import { useApiStatus } from '../../components/use-api-status.ts';
import { sendToBackground } from '../../messaging/send.ts';
import '../../components/theme.css';
import './style.css';

const checkApi = () => sendToBackground({ type: 'api.health' });

async function openDashboard() {
  await browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') });
  window.close();
}

function Popup() {
  const [view, refresh] = useApiStatus(checkApi);
  return (
    <main class="popup">
      <h1>Lasso</h1>
      <ApiStatus view={view} onRetry={refresh} />
      <button type="button" class="link" onClick={openDashboard}>
        Open dashboard and settings
      </button>
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
