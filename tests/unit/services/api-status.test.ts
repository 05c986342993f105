import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { checkApiStatus } from '../../../services/api-status.ts';

let server: Server | undefined;

async function serve(status: number, body: string, type: string): Promise<string> {
  server = createServer((_request, response) => {
    response.writeHead(status, { 'content-type': type });
    response.end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

describe('checkApiStatus', () => {
  it('reports the database of a healthy API', async () => {
    const apiUrl = await serve(200, '{"ok":true,"db":"postgres"}', 'application/json');

    expect(await checkApiStatus(apiUrl)).toEqual({ ok: true, apiUrl, db: 'postgres' });
  });

  it('reports an API that answers with a problem as an error, with its code', async () => {
    const problem = {
      type: 'about:blank',
      title: 'Internal',
      status: 500,
      code: 'internal_error',
      detail: 'db down',
    };
    const apiUrl = await serve(500, JSON.stringify(problem), 'application/problem+json');

    const status = await checkApiStatus(apiUrl);

    expect(status).toMatchObject({ ok: false, apiUrl, reason: 'error' });
    expect(status.ok ? '' : status.error).toBe('500 internal_error: db down');
  });

  it('reports a port where nothing listens as unreachable', async () => {
    const apiUrl = await serve(200, '', 'text/plain');
    server?.close();
    server = undefined;

    expect(await checkApiStatus(apiUrl)).toMatchObject({ ok: false, apiUrl, reason: 'unreachable' });
  });
});
