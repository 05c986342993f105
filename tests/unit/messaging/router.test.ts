import { describe, expect, it, vi } from 'vitest';
import type { Reply } from '../../../messaging/protocol.ts';
import { createMessageRouter, isTrustedSender, type MessageHandlers } from '../../../messaging/router.ts';

const policy = {
  extensionId: 'abcdefghijklmnopabcdefghijklmnop',
  extensionOrigin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/',
};
const popup = { id: policy.extensionId, url: `${policy.extensionOrigin}popup.html` };

function routerWith(handlers: Partial<MessageHandlers> = {}) {
  const health = vi.fn(async () => ({
    ok: true as const,
    apiUrl: 'http://127.0.0.1:8787',
    db: 'pglite' as const,
  }));
  const route = createMessageRouter({ 'api.health': health, ...handlers }, policy);
  /** Sends one message and returns whether the router kept the channel open, and what it answered. */
  const send = async (message: unknown, sender: { id?: string; url?: string }) => {
    let reply: Reply | undefined;
    const answered = new Promise<void>((resolve) => {
      const kept = route(message, sender, (value) => {
        reply = value;
        resolve();
      });
      if (!kept) resolve();
    });
    await answered;
    return reply;
  };
  return { health, send };
}

describe('isTrustedSender', () => {
  it.each([
    ['the popup', popup, true],
    ['the dashboard', { id: policy.extensionId, url: `${policy.extensionOrigin}dashboard.html` }, true],
    [
      'a content script of this extension',
      { id: policy.extensionId, url: 'https://example.com/team' },
      false,
    ],
    [
      'another extension',
      { id: 'ponmlkjihgfedcbaponmlkjihgfedcba', url: `${policy.extensionOrigin}popup.html` },
      false,
    ],
    ['a sender without a url', { id: policy.extensionId }, false],
  ])('trusts %s: %s', (_name, sender, trusted) => {
    expect(isTrustedSender(sender, policy)).toBe(trusted);
  });
});

describe('createMessageRouter', () => {
  it('answers a valid message from an extension page with its handler result', async () => {
    const { health, send } = routerWith();

    const reply = await send({ type: 'api.health' }, popup);

    expect(reply).toEqual({ value: { ok: true, apiUrl: 'http://127.0.0.1:8787', db: 'pglite' } });
    expect(health).toHaveBeenCalledTimes(1);
  });

  it('ignores a message from a web page', async () => {
    const { health, send } = routerWith();

    const reply = await send(
      { type: 'api.health' },
      { id: policy.extensionId, url: 'https://evil.example/' },
    );

    expect(reply).toBeUndefined();
    expect(health).not.toHaveBeenCalled();
  });

  it.each([
    ['an unknown type', { type: 'credits.grant', amount: 1000 }],
    ['extra fields', { type: 'api.health', url: 'https://evil.example' }],
    ['no type', {}],
    ['a string', 'api.health'],
  ])('ignores a message with %s', async (_name, message) => {
    const { health, send } = routerWith();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    const reply = await send(message, popup);

    expect(reply).toBeUndefined();
    expect(health).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('answers with the error when a handler fails', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { send } = routerWith({
      'api.health': async () => {
        throw new Error('storage is gone');
      },
    });

    const reply = await send({ type: 'api.health' }, popup);

    expect(reply).toEqual({ error: 'storage is gone' });
    error.mockRestore();
  });
});
