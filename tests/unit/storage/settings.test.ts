import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// @wxt-dev/browser picks up the extension API when it is first imported, so the fake goes in first.
vi.stubGlobal('chrome', fakeBrowser);
type Settings = typeof import('../../../storage/settings.ts');
let settings: Settings;

beforeAll(async () => {
  settings = await import('../../../storage/settings.ts');
});

beforeEach(() => {
  fakeBrowser.reset();
});

describe('normalizeApiUrl', () => {
  it.each([
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    [' http://127.0.0.1:8787/ ', 'http://127.0.0.1:8787'],
    ['https://billing.example.com/api/', 'https://billing.example.com/api'],
    ['HTTP://LOCALHOST:9000', 'http://localhost:9000'],
  ])('accepts %j as %j', (input, url) => {
    expect(settings.normalizeApiUrl(input)).toEqual({ ok: true, url });
  });

  it.each([
    ['127.0.0.1:8787', 'full URL'],
    ['localhost:8787', 'http:// or https://'],
    ['not a url', 'full URL'],
    ['ftp://example.com', 'http:// or https://'],
    ['http://user:secret@example.com', 'user name or password'],
    ['http://example.com/?debug=1', 'query'],
  ])('refuses %j', (input, reason) => {
    const result = settings.normalizeApiUrl(input);

    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(reason);
  });
});

describe('the API URL setting', () => {
  it('starts at the build-time default', async () => {
    expect(await settings.getApiUrl()).toBe('http://127.0.0.1:8787');
  });

  it('keeps a saved URL in storage.local, normalized', async () => {
    const saved = await settings.saveApiUrl('http://127.0.0.1:9000/');

    expect(saved).toEqual({ ok: true, url: 'http://127.0.0.1:9000' });
    expect(await settings.getApiUrl()).toBe('http://127.0.0.1:9000');
    expect(await fakeBrowser.storage.local.get('settings.apiUrl')).toEqual({
      'settings.apiUrl': 'http://127.0.0.1:9000',
    });
  });

  it('stores nothing when the URL is refused', async () => {
    await settings.saveApiUrl('http://127.0.0.1:9000');

    const refused = await settings.saveApiUrl('javascript:alert(1)');

    expect(refused.ok).toBe(false);
    expect(await settings.getApiUrl()).toBe('http://127.0.0.1:9000');
  });

  it('goes back to the default on reset', async () => {
    await settings.saveApiUrl('http://127.0.0.1:9000');

    const url = await settings.resetApiUrl();

    expect(url).toBe('http://127.0.0.1:8787');
    expect(await settings.getApiUrl()).toBe('http://127.0.0.1:8787');
  });
});
