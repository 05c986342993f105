import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signUp } from '../../support/billing.ts';
import { createTestApp, json, OPERATOR_TOKEN, type TestApp } from '../../support/test-app.ts';

describe('http conventions', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers /healthz with the database engine in use', async () => {
    const response = await app.request('/healthz');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, db: app.db.kind });
  });

  it('answers an unknown route with a 404 problem document', async () => {
    const response = await app.request('/v1/nothing-here');

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ type: 'about:blank', status: 404, code: 'not_found' });
  });

  it('answers a wrong method on a known path with 405 and an Allow header', async () => {
    const response = await app.request('/v1/spends', { method: 'GET' });

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toContain('POST');
    expect(await response.json()).toMatchObject({ code: 'method_not_allowed' });
  });

  it('answers malformed JSON with 400 validation_failed', async () => {
    const user = await signUp(app);

    const response = await app.request('/v1/spends', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${user.token}`,
        'idempotency-key': 'k',
      },
      body: '{"action": "page_scrape",',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'validation_failed' });
  });

  it.each([
    ['null', 'null'],
    ['an array', '[]'],
    ['a number', '42'],
  ])('answers a body that is %s with 400 validation_failed', async (_label, body) => {
    const user = await signUp(app);

    const response = await app.request('/v1/spends', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${user.token}`,
        'idempotency-key': 'k',
      },
      body,
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('answers a body of another media type with 415', async () => {
    const user = await signUp(app);

    const response = await app.request('/v1/spends', {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        authorization: `Bearer ${user.token}`,
        'idempotency-key': 'k',
      },
      body: '{"action":"page_scrape","quantity":1}',
    });

    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('answers a body over the size limit with 413 and reads none of it', async () => {
    const user = await signUp(app);

    const response = await app.request(
      '/v1/emails/verify',
      json('POST', { email: `${'a'.repeat(1024 * 1024)}@acme.test` }, { token: user.token }),
    );

    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('serves an OpenAPI 3.1 document describing the spend endpoint', async () => {
    const response = await app.request('/v1/openapi.json');
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };

    expect(response.status).toBe(200);
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths['/v1/spends'] ?? {})).toEqual(['post']);
    expect(JSON.stringify(document.paths['/v1/spends'])).toContain('page_scrape');
  });

  it('rejects a user token on the back office with 401', async () => {
    const user = await signUp(app);

    const response = await app.request('/v1/ops/clock', json('GET', undefined, { token: user.token }));
    const allowed = await app.request('/v1/ops/clock', json('GET', undefined, { token: OPERATOR_TOKEN }));

    expect(response.status).toBe(401);
    expect(allowed.status).toBe(200);
  });

  it('answers an unexpected failure with 500 internal_error naming the request, as its log line does', async () => {
    const user = await signUp(app);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    // A real fault of the server, not of the request: a table the balance reads is gone.
    await app.db.exec('ALTER TABLE buckets RENAME TO buckets_away');
    try {
      const answers = [
        await app.request('/v1/me/balance', json('GET', undefined, { token: user.token })),
        await app.request('/v1/me/balance', json('GET', undefined, { token: user.token })),
      ];
      const ids: string[] = [];
      for (const [index, answer] of answers.entries()) {
        expect(answer.status).toBe(500);
        const body = (await answer.json()) as { code: string; detail: string };
        expect(body.code).toBe('internal_error');
        const id = /^request (req_[0-9a-z_]+) failed$/.exec(body.detail)?.[1];
        expect(id).toBeDefined();
        expect(logged.mock.calls[index]?.[0]).toBe(`[${id}] unhandled error:`);
        ids.push(id!);
      }
      expect(ids[1]).not.toBe(ids[0]);
    } finally {
      await app.db.exec('ALTER TABLE buckets_away RENAME TO buckets');
      logged.mockRestore();
    }
  });
});

describe('process lifecycle', () => {
  it('shuts down cleanly on SIGTERM with exit code 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: '0', DATA_DIR: 'memory://', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line in: ${output}`)), 45_000);
      child.stdout.on('data', () => {
        const match = /billing api listening on (http:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');

    expect(await exited).toBe(0);
    expect(output).toContain('billing api: stopped');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 60_000);
});
