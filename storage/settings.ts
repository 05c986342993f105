import { storage } from 'wxt/utils/storage';
import { buildConfig } from './config.ts';

/** The billing API URL chosen in Settings, kept in `chrome.storage.local`; the build-time default until then. */
export const apiUrlSetting = storage.defineItem<string>('local:settings.apiUrl', {
  fallback: buildConfig.defaultApiUrl,
});

export type ApiUrlCheck = { ok: true; url: string } | { ok: false; error: string };

/**
 * Checks what the user typed as the API URL and returns it in the form the client expects (no trailing slash).
 * @example normalizeApiUrl(' http://127.0.0.1:8787/ ') // { ok: true, url: 'http://127.0.0.1:8787' }
 */
export function normalizeApiUrl(input: string): ApiUrlCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, error: 'Enter a full URL, such as http://127.0.0.1:8787' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, error: 'The URL must start with http:// or https://' };
  }
  if (url.username || url.password)
    return { ok: false, error: 'The URL must not contain a user name or password' };
  if (url.search || url.hash)
    return { ok: false, error: 'The URL must not contain a query (?) or fragment (#)' };
  return { ok: true, url: `${url.origin}${url.pathname}`.replace(/\/+$/, '') };
}

/** The API URL to use now. */
export function getApiUrl(): Promise<string> {
  return apiUrlSetting.getValue();
}

/** Validates and stores a new API URL; the stored value is returned, or why it was refused. */
export async function saveApiUrl(input: string): Promise<ApiUrlCheck> {
  const checked = normalizeApiUrl(input);
  if (checked.ok) await apiUrlSetting.setValue(checked.url);
  return checked;
}

/** Goes back to the URL the extension was built with. */
export async function resetApiUrl(): Promise<string> {
  await apiUrlSetting.removeValue();
  return buildConfig.defaultApiUrl;
}
