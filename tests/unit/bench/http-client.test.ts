import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LoopbackClient, parseResponse } from '../../../bench/lib/http-client.ts';

const servers: http.Server[] = [];
const clients: LoopbackClient[] = [];

/** A real node:http server on loopback; `handle` answers every request. */
async function serve(handle: http.RequestListener): Promise<string> {
  const server = http.createServer(handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function clientOf(url: string, count = 1): LoopbackClient {
  const client = new LoopbackClient(url, count);
  clients.push(client);
  return client;
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => resolve(text));
  });
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

describe('parseResponse', () => {
  it('waits for the whole Content-Length body and returns what follows it', () => {
    const whole = Buffer.from('HTTP/1.1 201 Created\r\nContent-Length: 5\r\n\r\nhelloHTTP');
    expect(parseResponse(whole.subarray(0, 20))).toBeUndefined();
    expect(parseResponse(whole.subarray(0, 46))).toBeUndefined();
    const parsed = parseResponse(whole)!;
    expect(parsed.response.status).toBe(201);
    expect(parsed.response.body.toString()).toBe('hello');
    expect(parsed.rest.toString()).toBe('HTTP');
  });

  it('joins a chunked body and waits for its last chunk', () => {
    const whole = Buffer.from(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\na\r\n0123456789\r\n0\r\n\r\n',
    );
    expect(parseResponse(whole.subarray(0, whole.length - 2))).toBeUndefined();
    const parsed = parseResponse(whole)!;
    expect(parsed.response.body.toString()).toBe('abc0123456789');
    expect(parsed.rest.length).toBe(0);
  });

  it('rejects what is not an HTTP response', () => {
    expect(() => parseResponse(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'))).toThrow(/not an HTTP response/);
  });
});

describe('LoopbackClient', () => {
  it('sends the body and headers and keeps one connection per client', async () => {
    const seen: Array<{ body: string; key: string | undefined; port: number | undefined }> = [];
    const url = await serve(async (request, response) => {
      seen.push({
        body: await readBody(request),
        key: request.headers['idempotency-key'] as string | undefined,
        port: request.socket.remotePort,
      });
      response.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const client = clientOf(url, 2);
    for (let round = 0; round < 3; round++) {
      const outcomes = await Promise.all([
        client.post(0, '/spend', '{"n":0}', { 'idempotency-key': `a${round}` }),
        client.post(1, '/spend', '{"n":1}', { 'idempotency-key': `b${round}` }),
      ]);
      expect(outcomes).toEqual([true, true]);
    }
    expect(seen.map((request) => request.body).sort()).toEqual([
      '{"n":0}',
      '{"n":0}',
      '{"n":0}',
      '{"n":1}',
      '{"n":1}',
      '{"n":1}',
    ]);
    expect(seen.filter((request) => request.body === '{"n":0}').map((request) => request.key)).toEqual([
      'a0',
      'a1',
      'a2',
    ]);
    expect(new Set(seen.map((request) => request.port)).size).toBe(2);
  });

  it('labels an unexpected status and keeps its body as the sample', async () => {
    const url = await serve((_request, response) => {
      response.writeHead(402, { 'content-type': 'application/problem+json' });
      response.write('{"code":');
      response.end('"insufficient_credits"}');
    });
    const client = clientOf(url);
    expect(await client.post(0, '/v1/spends', '{}', {})).toBe('HTTP 402');
    expect(client.samples.get(402)).toBe('{"code":"insufficient_credits"}');
  });

  it('opens a new connection after the server closes one', async () => {
    const ports = new Set<number | undefined>();
    const url = await serve((request, response) => {
      ports.add(request.socket.remotePort);
      response.writeHead(201, { connection: 'close', 'content-length': '2' }).end('{}');
    });
    const client = clientOf(url);
    expect(await client.post(0, '/spend', '{}', {})).toBe(true);
    expect(await client.post(0, '/spend', '{}', {})).toBe(true);
    expect(ports.size).toBe(2);
  });

  it('sends a request once more on a fresh connection when a reused one closes under it', async () => {
    const requestsOnSocket = new Map<unknown, number>();
    let answered = 0;
    const url = await serve((request, response) => {
      const count = (requestsOnSocket.get(request.socket) ?? 0) + 1;
      requestsOnSocket.set(request.socket, count);
      // The second request on a connection meets it closing, as at a keep-alive timeout.
      if (count === 2) return request.socket.destroy();
      answered += 1;
      response.writeHead(201, { 'content-length': '2' }).end('{}');
    });
    const client = clientOf(url);
    expect(await client.post(0, '/spend', '{}', {})).toBe(true);
    expect(await client.post(0, '/spend', '{}', {})).toBe(true);
    expect(answered).toBe(2);
    expect(requestsOnSocket.size).toBe(2);
  });

  it('fails the request in flight when the server drops the connection', async () => {
    const url = await serve((request) => request.socket.destroy());
    const client = clientOf(url);
    await expect(client.post(0, '/spend', '{}', {})).rejects.toThrow(/closed|ECONNRESET/);
  });
});
