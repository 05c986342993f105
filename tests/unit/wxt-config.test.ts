import { describe, expect, it } from 'vitest';
import config from '../../wxt.config.ts';

type ManifestFn = (env: { mode: string; command: string; browser: string; manifestVersion: 3 }) => {
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  commands?: Record<string, { suggested_key?: { default?: string } }>;
};

function manifestFor(mode: string) {
  return (config.manifest as ManifestFn)({ mode, command: 'build', browser: 'chrome', manifestVersion: 3 });
}

describe('the manifest', () => {
  it('asks in production for activeTab, scripting, contextMenus, storage, offscreen and alarms, and host access to the API only', () => {
    const manifest = manifestFor('production');

    expect(manifest.permissions?.toSorted()).toEqual([
      'activeTab',
      'alarms',
      'contextMenus',
      'offscreen',
      'scripting',
      'storage',
    ]);
    const api = new URL(process.env.LASSO_API_URL || 'http://127.0.0.1:8787');
    expect(manifest.host_permissions).toEqual([`${api.origin}/*`]);
  });

  it('offers Alt+Shift+E to extract profiles', () => {
    expect(manifestFor('production').commands?.['extract-profiles']?.suggested_key?.default).toBe(
      'Alt+Shift+E',
    );
  });

  it('lets only the e2e build read pages on 127.0.0.1, where Playwright cannot grant activeTab', () => {
    expect(manifestFor('e2e').host_permissions).toContain('http://127.0.0.1/*');
    expect(manifestFor('development').host_permissions).not.toContain('http://127.0.0.1/*');
  });

  it('may ask for any web site only as an optional permission, when an enrichment needs it', () => {
    const manifest = manifestFor('production');

    expect(manifest.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(manifest.host_permissions).not.toContain('https://*/*');
  });
});
