import { builtApiUrl, expect, readBuiltManifest, test } from './fixtures.ts';

test.describe('the built extension', () => {
  test('loads, and its service worker starts', async ({ serviceWorker, extensionId }) => {
    expect(extensionId).toMatch(/^[a-p]{32}$/);
    expect(serviceWorker.url()).toBe(`chrome-extension://${extensionId}/background.js`);
  });

  test('asks for storage, activeTab, scripting, contextMenus, offscreen and alarms, and host access to the billing API and the e2e pages only', () => {
    const manifest = readBuiltManifest();

    expect(manifest.permissions?.toSorted()).toEqual([
      'activeTab',
      'alarms',
      'contextMenus',
      'offscreen',
      'scripting',
      'storage',
    ]);
    // http://127.0.0.1/* is the e2e build's alone (wxt.config.ts): tests/unit/wxt-config.test.ts checks
    // that the production manifest has the API's origin only.
    expect(manifest.host_permissions).toEqual([`${builtApiUrl().origin}/*`, 'http://127.0.0.1/*']);
    // Any other site only when an enrichment needs it, asked at that moment.
    expect(manifest.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(manifest.web_accessible_resources).toBeUndefined();
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.content_scripts).toBeUndefined();
  });
});
