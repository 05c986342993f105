import { describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../server/start.ts';
import { PASSWORD, uniqueEmail } from '../../support/accounts.ts';
import { twoApiInstances } from '../../support/api-instances.ts';
import { testDbKind } from '../../support/test-db.ts';

// Each API instance remembers recently used session tokens for a few seconds (server/auth/session-cache.ts).
// A logout must still end the session everywhere at once: the instance that revokes it tells the others
// over NOTIFY. Only PostgreSQL can be shared by two processes, so this runs in integration:postgres.

function call(server: RunningServer, method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${server.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe.skipIf(testDbKind() !== 'postgres')('sessions on two API instances sharing one PostgreSQL', () => {
  const instances = twoApiInstances();

  it('refuses a token on every instance as soon as it is logged out on one', async () => {
    const { first, second } = instances;
    const email = uniqueEmail();
    const signUp = await call(first, 'POST', '/v1/auth/signup', undefined, { email, password: PASSWORD });
    expect(signUp.status).toBe(201);
    const { token } = (await signUp.json()) as { token: string };
    // Both instances have just accepted the token, so both may remember it.
    expect((await call(first, 'GET', '/v1/me', token)).status).toBe(200);
    expect((await call(second, 'GET', '/v1/me', token)).status).toBe(200);

    expect((await call(first, 'POST', '/v1/auth/logout', token)).status).toBe(204);

    // Well within the 5 s an instance may trust a remembered session: only the revocation message
    // can make the second instance refuse it this soon.
    const deadline = Date.now() + 1000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await call(second, 'GET', '/v1/me', token)).status;
      if (status === 401) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe(401);
    expect((await call(first, 'GET', '/v1/me', token)).status).toBe(401);
  });
});
