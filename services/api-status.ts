import { createApiClient } from '../api-client/client.ts';
import { ApiError, NetworkError } from '../api-client/errors.ts';
import type { ApiStatus } from '../messaging/protocol.ts';

/** A status check should answer while the popup is still open: short timeout, one quick retry. */
const HEALTH_TIMEOUT_MS = 5_000;
const HEALTH_RETRIES_MAX = 1;

/** Asks the billing API at `apiUrl` whether it and its database answer; failures are values, not throws. */
export async function checkApiStatus(apiUrl: string): Promise<ApiStatus> {
  const client = createApiClient({
    baseUrl: apiUrl,
    getToken: () => undefined,
    timeoutMs: HEALTH_TIMEOUT_MS,
    retriesMax: HEALTH_RETRIES_MAX,
  });
  try {
    const health = await client.health();
    if (health.ok) return { ok: true, apiUrl, db: health.db };
    return { ok: false, apiUrl, reason: 'error', error: 'the API reports that it is not healthy' };
  } catch (error) {
    if (error instanceof NetworkError) return { ok: false, apiUrl, reason: error.kind, error: error.message };
    if (error instanceof ApiError) {
      const detail = error.detail ? `: ${error.detail}` : '';
      return { ok: false, apiUrl, reason: 'error', error: `${error.status} ${error.code}${detail}` };
    }
    throw error;
  }
}
