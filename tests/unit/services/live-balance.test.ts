import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Balance } from '../../../api-client/contract/billing.ts';
import { ApiError, NetworkError } from '../../../api-client/errors.ts';
import type { BalanceEventsOptions } from '../../../api-client/events.ts';
import type { Connection } from '../../../messaging/live.ts';
import { createLiveBalance } from '../../../services/live-balance.ts';
import type { Session } from '../../../services/session.ts';
import { personalBalance } from '../components/balances.ts';

const apiUrl = 'http://127.0.0.1:8787';
const session = { token: { token: 'tok_1', apiUrl, userId: 'usr_1' }, api: {} } as Session;
const request = { method: 'GET', url: `${apiUrl}/v1/me/events`, idempotencyKey: undefined };

/** A stream the test opens, feeds and ends by hand. */
function fakeStreams() {
  const opened: Array<{
    options: BalanceEventsOptions;
    open(): void;
    send(balance: Balance): void;
    end(): void;
    fail(error: unknown): void;
  }> = [];
  const stream = vi.fn(
    (options: BalanceEventsOptions) =>
      new Promise<void>((resolve, reject) => {
        options.signal.addEventListener('abort', () => reject(options.signal.reason));
        opened.push({
          options,
          open: () => options.onOpen?.(),
          send: (balance) => options.onBalance(balance),
          end: resolve,
          fail: reject,
        });
      }),
  );
  return { stream, opened };
}

function setup(options: { signedIn?: boolean } = {}) {
  const streams = fakeStreams();
  const connections: Connection[] = [];
  const sessionService = {
    current: vi.fn(async () => (options.signedIn === false ? null : session)),
    refreshAccount: vi.fn(async () => ({}) as never),
    storeBalance: vi.fn(async () => null),
    expire: vi.fn(async () => {}),
  };
  const live = createLiveBalance({
    session: sessionService,
    stream: streams.stream,
    onConnection: (connection) => connections.push(connection),
    now: () => 0,
    backoff: { initialMs: 1_000, maxMs: 8_000 },
    random: () => 1,
  });
  const last = () => connections.at(-1);
  return { live, streams, sessionService, connections, last };
}

beforeEach(() => {
  vi.useFakeTimers();
});

/** Lets every promise that is ready run, without moving the fake clock. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await vi.advanceTimersByTimeAsync(0);
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createLiveBalance', () => {
  it('refreshes the account, opens the stream, goes live and caches every balance', async () => {
    const { live, streams, sessionService, last } = setup();

    live.start();
    await settle();
    expect(streams.opened).toHaveLength(1);
    streams.opened[0]!.open();
    streams.opened[0]!.send(personalBalance({ available: 75 }));

    expect(sessionService.refreshAccount).toHaveBeenCalledWith(session);
    expect(streams.opened[0]!.options).toMatchObject({ baseUrl: apiUrl, token: 'tok_1' });
    expect(last()).toEqual({ state: 'live', apiUrl });
    expect(sessionService.storeBalance).toHaveBeenCalledWith(
      'usr_1',
      expect.objectContaining({ available: 75 }),
    );
  });

  it('reconnects with exponential backoff while the API cannot be reached, then goes live again', async () => {
    const { live, streams, last } = setup();
    const unreachable = () =>
      new NetworkError({ kind: 'unreachable', request, cause: new Error('ECONNREFUSED') });

    live.start();
    await settle();
    expect(streams.opened).toHaveLength(1);
    streams.opened[0]!.fail(unreachable());
    await settle();
    expect(last()).toMatchObject({ state: 'offline', reason: 'unreachable', retryAt: 1_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    await settle();
    expect(streams.opened).toHaveLength(2);
    streams.opened[1]!.fail(unreachable());
    await settle();
    expect(last()).toMatchObject({ state: 'offline', retryAt: 2_000 });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(streams.opened).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(streams.opened).toHaveLength(3);
    streams.opened[2]!.open();

    expect(last()).toEqual({ state: 'live', apiUrl });
  });

  it('retries at once when a page asks', async () => {
    const { live, streams, last } = setup();
    live.start();
    await settle();
    expect(streams.opened).toHaveLength(1);
    streams.opened[0]!.fail(new NetworkError({ kind: 'timeout', request, timeoutMs: 10 }));
    await settle();
    expect(last()).toMatchObject({ state: 'offline', reason: 'timeout' });

    live.retryNow();

    await settle();
    expect(streams.opened).toHaveLength(2);
  });

  it('ends the session on a 401 and stops', async () => {
    const { live, streams, sessionService, last } = setup();
    live.start();
    await settle();
    expect(streams.opened).toHaveLength(1);

    streams.opened[0]!.fail(new ApiError({ status: 401, code: 'unauthorized', request }));

    await settle();
    expect(sessionService.expire).toHaveBeenCalledWith('tok_1');
    expect(last()).toEqual({ state: 'idle' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(streams.opened).toHaveLength(1);
  });

  it('stays idle while nobody is signed in', async () => {
    const { live, streams, last } = setup({ signedIn: false });

    live.start();

    await settle();
    expect(last()).toEqual({ state: 'idle' });
    expect(streams.opened).toHaveLength(0);
  });

  it('closes the stream when the last page closes', async () => {
    const { live, streams, last } = setup();
    live.start();
    await settle();
    expect(streams.opened).toHaveLength(1);

    live.stop();

    expect(streams.opened[0]!.options.signal.aborted).toBe(true);
    expect(last()).toEqual({ state: 'idle' });
  });

  it('starts over on restart (a sign-in), and not at all when no page listens', async () => {
    const { live, streams } = setup();
    live.restart();
    expect(streams.opened).toHaveLength(0);
    live.start();
    await settle();
    expect(streams.opened).toHaveLength(1);

    live.restart();

    await settle();
    expect(streams.opened).toHaveLength(2);
    expect(streams.opened[0]!.options.signal.aborted).toBe(true);
  });

  it('reconnects after the API ends the stream (a restart)', async () => {
    const { live, streams } = setup();
    live.start();
    await settle();
    expect(streams.opened).toHaveLength(1);
    streams.opened[0]!.open();

    streams.opened[0]!.end();
    await vi.advanceTimersByTimeAsync(1_000);

    await settle();
    expect(streams.opened).toHaveLength(2);
  });
});
