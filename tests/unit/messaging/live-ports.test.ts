import { describe, expect, it, vi } from 'vitest';
import type { Connection, LiveUpdate } from '../../../messaging/live.ts';
import { LIVE_PORT_NAME } from '../../../messaging/live.ts';
import { createLiveHub, type LivePort } from '../../../messaging/live-ports.ts';

const policy = {
  extensionId: 'abcdefghijklmnopabcdefghijklmnop',
  extensionOrigin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/',
};

function fakePort(sender: LivePort['sender'], name = LIVE_PORT_NAME) {
  const messageListeners: Array<(message: unknown) => void> = [];
  const disconnectListeners: Array<() => void> = [];
  const posted: LiveUpdate[] = [];
  const port = {
    name,
    sender,
    postMessage: (message: LiveUpdate) => posted.push(message),
    disconnect: vi.fn(),
    onMessage: { addListener: (listener: (message: unknown) => void) => messageListeners.push(listener) },
    onDisconnect: { addListener: (listener: () => void) => disconnectListeners.push(listener) },
  } satisfies LivePort;
  return {
    port,
    posted,
    say: (message: unknown) => {
      for (const listener of messageListeners) listener(message);
    },
    close: () => {
      for (const listener of disconnectListeners) listener();
    },
  };
}

function hub() {
  const calls = { first: 0, last: 0, retry: 0 };
  const current: Connection = { state: 'connecting', apiUrl: 'http://127.0.0.1:8787' };
  const liveHub = createLiveHub({
    policy,
    current: () => current,
    onFirstOpen: () => calls.first++,
    onLastClose: () => calls.last++,
    onRetry: () => calls.retry++,
  });
  return { liveHub, calls, current };
}

const popup = { id: policy.extensionId, url: `${policy.extensionOrigin}popup.html` };

describe('createLiveHub', () => {
  it('tells a new page the connection, starts on the first page and stops after the last', () => {
    const { liveHub, calls, current } = hub();
    const first = fakePort(popup);
    const second = fakePort({ ...popup, url: `${policy.extensionOrigin}dashboard.html` });

    liveHub.accept(first.port);
    liveHub.accept(second.port);
    first.close();

    expect(first.posted).toEqual([{ type: 'connection', connection: current }]);
    expect(calls).toMatchObject({ first: 1, last: 0 });
    second.close();
    expect(calls).toMatchObject({ first: 1, last: 1 });
    expect(liveHub.openPorts).toBe(0);
  });

  it('broadcasts connection changes to every open page', () => {
    const { liveHub } = hub();
    const page = fakePort(popup);
    liveHub.accept(page.port);

    liveHub.broadcast({ state: 'live', apiUrl: 'http://127.0.0.1:8787' });

    expect(page.posted.at(-1)).toEqual({
      type: 'connection',
      connection: { state: 'live', apiUrl: 'http://127.0.0.1:8787' },
    });
  });

  it('passes on a retry, and ignores pings and anything malformed', () => {
    const { liveHub, calls } = hub();
    const page = fakePort(popup);
    liveHub.accept(page.port);

    page.say({ type: 'ping' });
    page.say({ type: 'retry' });
    page.say({ type: 'retry', now: true });
    page.say('retry');

    expect(calls.retry).toBe(1);
  });

  it('drops a port from a content script, and ignores ports of other names', () => {
    const { liveHub, calls } = hub();
    const content = fakePort({ id: policy.extensionId, url: 'https://evil.example/' });
    const other = fakePort(popup, 'something-else');

    liveHub.accept(content.port);
    liveHub.accept(other.port);

    expect(content.port.disconnect).toHaveBeenCalled();
    expect(content.posted).toEqual([]);
    expect(other.posted).toEqual([]);
    expect(calls.first).toBe(0);
  });
});
