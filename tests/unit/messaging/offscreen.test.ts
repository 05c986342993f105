import { describe, expect, it, vi } from 'vitest';
import { createOffscreenListener, type ReadPersonReply } from '../../../messaging/offscreen.ts';
import type { ReadPersonOptions } from '../../../services/enrichment/read-person.ts';

const policy = { extensionId: 'lasso-id', extensionOrigin: 'chrome-extension://lasso-id/' };
const BACKGROUND = { id: 'lasso-id', url: 'chrome-extension://lasso-id/background.js' };
const request = {
  target: 'offscreen',
  type: 'offscreen.readPerson',
  html: '<h1>Ada</h1>',
  url: 'https://e.org/ada',
};

function listener(
  read = (_html: string, _options: ReadPersonOptions) => ({ ok: false as const, reason: 'x' }),
) {
  const calls: Array<[string, ReadPersonOptions]> = [];
  const replies: ReadPersonReply[] = [];
  const listen = createOffscreenListener({
    policy,
    read: (html, options) => {
      calls.push([html, options]);
      return read(html, options);
    },
  });
  return {
    calls,
    replies,
    send: (message: unknown, sender = BACKGROUND) => listen(message, sender, (r) => replies.push(r)),
  };
}

describe('the offscreen document’s listener', () => {
  it('reads the page the background sends, with the row’s name, and answers with the result', () => {
    const { calls, replies, send } = listener(() => ({ ok: false, reason: 'No person found on that page' }));

    send({ ...request, name: 'Ada Lovelace' });

    expect(calls).toEqual([['<h1>Ada</h1>', { url: 'https://e.org/ada', name: 'Ada Lovelace' }]]);
    expect(replies).toEqual([{ value: { ok: false, reason: 'No person found on that page' } }]);
  });

  it('leaves the messages meant for the background alone', () => {
    const { calls, replies, send } = listener();

    expect(
      send({ type: 'balance.refresh' }, { id: 'lasso-id', url: 'chrome-extension://lasso-id/popup.html' }),
    ).toBe(false);
    expect(calls).toEqual([]);
    expect(replies).toEqual([]);
  });

  it.each([
    ['a web page', { id: undefined, url: 'https://evil.example/' }],
    ['our content script inside a web page', { id: 'lasso-id', url: 'https://evil.example/', tab: {} }],
    ['another extension', { id: 'other-id', url: 'chrome-extension://other-id/background.js' }],
  ])('ignores a request from %s', (_case, sender) => {
    const { calls, replies, send } = listener();

    send(request, sender as typeof BACKGROUND);

    expect(calls).toEqual([]);
    expect(replies).toEqual([]);
  });

  it('ignores a malformed request', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { calls, send } = listener();

    send({ ...request, html: 42 });
    send({ ...request, extra: true });

    expect(calls).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('answers with the error when the reader throws, so the row fails instead of waiting', () => {
    const { replies, send } = listener(() => {
      throw new Error('stack overflow');
    });

    send(request);

    expect(replies).toEqual([{ error: 'stack overflow' }]);
  });
});
