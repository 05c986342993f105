import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Balance } from '../../../api-client/contract/billing.ts';
import { ApiError, NetworkError } from '../../../api-client/errors.ts';
import { EventStreamParser, streamBalanceEvents } from '../../../api-client/events.ts';

const balance: Balance = {
  available: 50,
  spendOrder: ['personal.subscription', 'personal.topup', 'personal.free'],
  personal: { subscription: 0, topup: 0, free: 50, held: 0 },
  team: null,
  limits: { profilesPerPage: 10 },
};

describe('EventStreamParser', () => {
  it('returns each event once its blank line arrives, however the chunks are split', () => {
    const parser = new EventStreamParser();
    const text = 'event: balance\ndata: {"a":1}\n\n: ping\n\nevent: balance\r\ndata: {"a":2}\r\n\r\n';

    const events = [...text].flatMap((character) => parser.push(character));

    expect(events).toEqual([
      { event: 'balance', data: '{"a":1}' },
      { event: 'balance', data: '{"a":2}' },
    ]);
  });

  it('joins data lines, defaults the event name, and skips comments and events without data', () => {
    const parser = new EventStreamParser();

    const events = parser.push(': hello\nid: 7\nretry: 100\ndata:one\ndata: two\n\nevent: empty\n\n');

    expect(events).toEqual([{ event: 'message', data: 'one\ntwo' }]);
  });

  it('treats a lone CR as a line end, even at a chunk boundary', () => {
    const parser = new EventStreamParser();

    const events = [...parser.push('data: x\r'), ...parser.push('\n\r\n')];

    expect(events).toEqual([{ event: 'message', data: 'x' }]);
  });
});

type Handler = (response: ServerResponse, headers: Record<string, string | string[] | undefined>) => void;
const closers: Array<() => Promise<void>> = [];

async function serve(handler: Handler): Promise<string> {
  const server = createServer((request, response) => handler(response, request.headers));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function follow(baseUrl: string, options: { signal?: AbortSignal; idleTimeoutMs?: number } = {}) {
  const received: Balance[] = [];
  let opened = false;
  const done = streamBalanceEvents({
    baseUrl,
    token: 'tok_1',
    signal: options.signal ?? new AbortController().signal,
    connectTimeoutMs: 2_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 2_000,
    onOpen: () => {
      opened = true;
    },
    onBalance: (next) => received.push(next),
  });
  return { done, received, opened: () => opened };
}

describe('streamBalanceEvents', () => {
  it('sends the bearer token and delivers every balance event until the server ends the stream', async () => {
    let authorization: unknown;
    const url = await serve((response, headers) => {
      authorization = headers.authorization;
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`event: balance\ndata: ${JSON.stringify(balance)}\n\n: ping\n\n`);
      response.end(`event: balance\ndata: ${JSON.stringify({ ...balance, available: 75 })}\n\n`);
    });

    const stream = follow(url);
    await stream.done;

    expect(authorization).toBe('Bearer tok_1');
    expect(stream.opened()).toBe(true);
    expect(stream.received.map((next) => next.available)).toEqual([50, 75]);
  });

  it('rejects with the ApiError of a 401, so that the caller can sign out', async () => {
    const url = await serve((response) => {
      response.writeHead(401, { 'content-type': 'application/problem+json' });
      response.end(
        JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401, code: 'unauthorized' }),
      );
    });

    const error = await follow(url).done.catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
  });

  it('rejects with a NetworkError when nothing listens', async () => {
    const url = await serve(() => {});
    await Promise.all(closers.splice(0).map((close) => close()));

    const error = await follow(url).done.catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).kind).toBe('unreachable');
  });

  it('gives up on a stream that falls silent (no ping) with a timeout NetworkError', async () => {
    const url = await serve((response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(': ping\n\n');
    });

    const error = await follow(url, { idleTimeoutMs: 100 }).done.catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).kind).toBe('timeout');
  });

  it('rejects a balance event that does not match the contract', async () => {
    const url = await serve((response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end('event: balance\ndata: {"available":"lots"}\n\n');
    });

    const error = await follow(url).done.catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'unexpected_response' });
  });

  it('stops when the caller aborts, without calling it a network failure', async () => {
    const url = await serve((response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(': ping\n\n');
    });
    const controller = new AbortController();
    const stream = follow(url, { signal: controller.signal });
    await expect.poll(() => stream.opened()).toBe(true);

    controller.abort();
    const error = await stream.done.catch((caught: unknown) => caught);

    expect(error).not.toBeInstanceOf(NetworkError);
    expect((error as Error).name).toBe('AbortError');
  });
});
