import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ApiClientOptions, createApiClient, newIdempotencyKey } from '../../../api-client/client.ts';
import { ApiError, NetworkError } from '../../../api-client/errors.ts';

interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (request: SeenRequest, response: ServerResponse, attempt: number) => void;

/** A real HTTP server on loopback that records every request it receives. */
interface TestServer {
  baseUrl: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];

async function startTestServer(handler: Handler): Promise<TestServer> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' };
      request.body = Buffer.concat(chunks).toString('utf8');
      seen.push(request);
      handler(request, res, seen.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const testServer = {
    baseUrl: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(testServer);
  return testServer;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function sendJson(response: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  response.writeHead(status, { 'content-type': type });
  response.end(JSON.stringify(body));
}

function sendProblem(response: ServerResponse, status: number, code: string, extra: object = {}): void {
  const problem = { type: 'about:blank', title: code, status, code, detail: `${code} happened`, ...extra };
  sendJson(response, status, problem, 'application/problem+json');
}

function client(baseUrl: string, options: Partial<ApiClientOptions> = {}) {
  return createApiClient({
    baseUrl,
    getToken: () => 'tok_test',
    timeoutMs: 2_000,
    retryDelayMs: 5,
    ...options,
  });
}

const Spend = z.object({ spendId: z.string() });

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('problem documents', () => {
  it('turns a problem document into an ApiError with its code, detail and body', async () => {
    const server = await startTestServer((_request, response) =>
      sendProblem(response, 402, 'insufficient_credits', { available: 3 }),
    );

    const error = await caught(
      client(server.baseUrl).request({
        method: 'POST',
        path: '/v1/spends',
        schema: Spend,
        json: { action: 'page_scrape', quantity: 5 },
        idempotencyKey: newIdempotencyKey(),
      }),
    );

    expect(error).toBeInstanceOf(ApiError);
    const apiError = error as ApiError;
    expect(apiError.status).toBe(402);
    expect(apiError.code).toBe('insufficient_credits');
    expect(apiError.detail).toBe('insufficient_credits happened');
    expect(apiError.body?.available).toBe(3);
    expect(server.seen).toHaveLength(1);
  });

  it('reports an error page that is not a problem document as unexpected_response', async () => {
    const server = await startTestServer((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<h1>Bad gateway</h1>');
    });

    const error = await caught(client(server.baseUrl, { retriesMax: 0 }).health());

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(502);
    expect((error as ApiError).code).toBe('unexpected_response');
    expect((error as ApiError).detail).toContain('Bad gateway');
  });

  it('reports a success body that does not match the contract as unexpected_response', async () => {
    const server = await startTestServer((_request, response) => sendJson(response, 200, { ok: 'yes' }));

    const error = await caught(client(server.baseUrl).health());

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('unexpected_response');
  });

  it('calls onUnauthorized on a 401 and still rejects with the ApiError', async () => {
    const server = await startTestServer((_request, response) => sendProblem(response, 401, 'unauthorized'));
    const unauthorized: ApiError[] = [];

    const error = await caught(
      client(server.baseUrl, { onUnauthorized: (e) => void unauthorized.push(e) }).request({
        method: 'GET',
        path: '/v1/me',
        schema: z.unknown(),
      }),
    );

    expect((error as ApiError).code).toBe('unauthorized');
    expect(unauthorized.map((e) => e.status)).toEqual([401]);
    expect(server.seen).toHaveLength(1);
  });
});

describe('requests', () => {
  it('sends the bearer token and parses the health body', async () => {
    const server = await startTestServer((_request, response) =>
      sendJson(response, 200, { ok: true, db: 'pglite' }),
    );

    const health = await client(server.baseUrl).health();

    expect(health).toEqual({ ok: true, db: 'pglite' });
    expect(server.seen[0]?.url).toBe('/healthz');
    expect(server.seen[0]?.headers.authorization).toBe('Bearer tok_test');
  });

  it('sends no Authorization header when there is no token', async () => {
    const server = await startTestServer((_request, response) =>
      sendJson(response, 200, { ok: true, db: 'postgres' }),
    );

    await client(server.baseUrl, { getToken: async () => undefined }).health();

    expect(server.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('rejects an Idempotency-Key the contract does not allow, before sending anything', async () => {
    const server = await startTestServer((_request, response) =>
      sendJson(response, 201, { spendId: 'spend_1' }),
    );

    const error = await caught(
      client(server.baseUrl).request({
        method: 'POST',
        path: '/v1/spends',
        schema: Spend,
        idempotencyKey: 'ü',
      }),
    );

    expect(error).toBeInstanceOf(TypeError);
    expect(server.seen).toHaveLength(0);
  });

  it('makes a fresh idempotency key each time', () => {
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
  });
});

describe('retries', () => {
  it('retries a keyed POST whose connection was cut, with the same Idempotency-Key', async () => {
    const server = await startTestServer((_request, response, attempt) => {
      if (attempt === 1) response.socket?.destroy();
      else sendJson(response, 201, { spendId: 'spend_1' });
    });
    const key = newIdempotencyKey();

    const spend = await client(server.baseUrl).request({
      method: 'POST',
      path: '/v1/spends',
      schema: Spend,
      json: { action: 'page_scrape', quantity: 1 },
      idempotencyKey: key,
    });

    expect(spend.spendId).toBe('spend_1');
    expect(server.seen.map((request) => request.headers['idempotency-key'])).toEqual([key, key]);
    expect(server.seen.map((request) => request.body)).toEqual([
      '{"action":"page_scrape","quantity":1}',
      '{"action":"page_scrape","quantity":1}',
    ]);
  });

  it('retries a keyed POST answered 503, with the same Idempotency-Key', async () => {
    const server = await startTestServer((_request, response, attempt) => {
      if (attempt === 1) sendProblem(response, 503, 'internal_error');
      else sendJson(response, 201, { spendId: 'spend_2' });
    });
    const key = newIdempotencyKey();

    const spend = await client(server.baseUrl).request({
      method: 'POST',
      path: '/v1/spends',
      schema: Spend,
      json: { action: 'page_scrape', quantity: 1 },
      idempotencyKey: key,
    });

    expect(spend.spendId).toBe('spend_2');
    expect(server.seen.map((request) => request.headers['idempotency-key'])).toEqual([key, key]);
  });

  it('does not retry a POST without a key when the connection is cut', async () => {
    const server = await startTestServer((_request, response) => response.socket?.destroy());

    const error = await caught(
      client(server.baseUrl).request({
        method: 'POST',
        path: '/v1/auth/login',
        schema: z.unknown(),
        json: {},
      }),
    );

    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).kind).toBe('unreachable');
    expect(server.seen).toHaveLength(1);
  });

  it('does not retry a POST without a key answered 503', async () => {
    const server = await startTestServer((_request, response) =>
      sendProblem(response, 503, 'internal_error'),
    );

    const error = await caught(
      client(server.baseUrl).request({ method: 'POST', path: '/v1/teams', schema: z.unknown(), json: {} }),
    );

    expect((error as ApiError).status).toBe(503);
    expect(server.seen).toHaveLength(1);
  });

  it('retries a GET up to retriesMax times, then rejects with the last error', async () => {
    const server = await startTestServer((_request, response) =>
      sendProblem(response, 503, 'internal_error'),
    );

    const error = await caught(client(server.baseUrl, { retriesMax: 2 }).health());

    expect((error as ApiError).status).toBe(503);
    expect(server.seen).toHaveLength(3);
  });

  it('does not retry a keyed POST answered with a client error', async () => {
    const server = await startTestServer((_request, response) =>
      sendProblem(response, 409, 'idempotency_conflict'),
    );

    const error = await caught(
      client(server.baseUrl).request({
        method: 'POST',
        path: '/v1/spends',
        schema: Spend,
        json: {},
        idempotencyKey: newIdempotencyKey(),
      }),
    );

    expect((error as ApiError).code).toBe('idempotency_conflict');
    expect(server.seen).toHaveLength(1);
  });
});

describe('network failures', () => {
  it('turns a timeout into a NetworkError of kind timeout', async () => {
    const server = await startTestServer((_request, response) => {
      setTimeout(() => sendJson(response, 200, { ok: true, db: 'pglite' }), 1_000);
    });

    const started = Date.now();
    const error = await caught(client(server.baseUrl, { timeoutMs: 100 }).health());

    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(900);
    expect(server.seen).toHaveLength(1);
  });

  it('turns a refused connection into a NetworkError of kind unreachable', async () => {
    const server = await startTestServer(() => {});
    await server.close();

    const error = await caught(client(server.baseUrl, { retriesMax: 1 }).health());

    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).kind).toBe('unreachable');
    expect((error as NetworkError).request.url).toBe(`${server.baseUrl}/healthz`);
  });

  it('passes a cancellation by the caller through, without retrying it', async () => {
    const server = await startTestServer((_request, response) => {
      setTimeout(() => sendJson(response, 200, { ok: true, db: 'pglite' }), 1_000);
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);

    const error = await caught(client(server.baseUrl).health({ signal: controller.signal }));

    expect(error).not.toBeInstanceOf(NetworkError);
    expect((error as Error).name).toBe('AbortError');
    expect(server.seen).toHaveLength(1);
  });
});
