import { builtApiUrl, expect, readBuiltManifest, test } from './fixtures.ts';

test.describe('the built extension', () => {
  test('loads, and its service worker starts', async ({ serviceWorker, extensionId }) => {
    expect(extensionId).toMatch(/^[a-p]{32}$/);
    expect(serviceWorker.url()).toBe(`chrome-extension://${extensionId}/background.js`);
  });

  test('asks for storage, activeTab and scripting, and host access to the billing API only', () => {
    const manifest = readBuiltManifest();

    expect(manifest.permissions?.toSorted()).toEqual(['activeTab', 'scripting', 'storage']);
    expect(manifest.host_permissions).toEqual([`${builtApiUrl().origin}/*`]);
    expect(manifest.web_accessible_resources).toBeUndefined();
    expect(manifest.externally_connectable).toBeUndefined();
    expect(manifest.content_scripts).toBeUndefined();
  });
});
