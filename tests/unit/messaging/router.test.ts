import { describe, expect, it, vi } from 'vitest';
import type { Reply } from '../../../messaging/protocol.ts';
import {
  createMessageRouter,
  isTrustedSender,
  type MessageHandlers,
  senderKind,
} from '../../../messaging/router.ts';

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
  // Only the handlers a test calls are given; any other type is never dispatched to.
  const route = createMessageRouter({ 'api.health': health, ...handlers } as MessageHandlers, policy);
  /** Sends one message and returns whether the router kept the channel open, and what it answered. */
  const send = async (message: unknown, sender: { id?: string; url?: string; tab?: unknown }) => {
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

describe('senderKind', () => {
  it.each([
    ['the popup', popup, 'page'],
    [
      'the extension’s content script in a tab',
      { id: policy.extensionId, url: 'https://example.com/team', tab: { id: 3 } },
      'content',
    ],
    [
      'a sender with our id on a web page but in no tab',
      { id: policy.extensionId, url: 'https://example.com/' },
      undefined,
    ],
    [
      'another extension’s content script',
      { id: 'ponmlkjihgfedcbaponmlkjihgfedcba', url: 'https://example.com/', tab: { id: 3 } },
      undefined,
    ],
    ['a file: page', { id: policy.extensionId, url: 'file:///tmp/x.html', tab: { id: 3 } }, undefined],
  ])('classes %s as %s', (_name, sender, kind) => {
    expect(senderKind(sender, policy)).toBe(kind);
  });
});

describe('messages from the content script', () => {
  it('ignores account and billing messages, which only extension pages may send', async () => {
    const signOut = vi.fn(async () => ({ ok: true as const, value: null }));
    const { send } = routerWith({ 'auth.signOut': signOut });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    const reply = await send({ type: 'auth.signOut' }, {
      id: policy.extensionId,
      url: 'https://example.com/team',
      tab: { id: 3 },
    } as never);

    expect(reply).toBeUndefined();
    expect(signOut).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe('account messages', () => {
  it('validates a sign-in and hands the handler only its fields', async () => {
    const signIn = vi.fn(async () => ({ ok: false as const, code: 'unauthorized' as const, message: 'no' }));
    const { send } = routerWith({ 'auth.signIn': signIn });

    const reply = await send({ type: 'auth.signIn', email: 'ada@acme.com', password: 'x' }, popup);

    expect(reply).toEqual({ value: { ok: false, code: 'unauthorized', message: 'no' } });
    expect(signIn).toHaveBeenCalledWith({ type: 'auth.signIn', email: 'ada@acme.com', password: 'x' });
  });

  it.each([
    ['a sign-in with a token field', { type: 'auth.signIn', email: 'a@b.co', password: 'x', token: 't' }],
    ['a ledger page with a huge limit', { type: 'ledger.page', limit: 100_000 }],
    ['a password of 10 kB', { type: 'auth.signIn', email: 'a@b.co', password: 'x'.repeat(10_000) }],
  ])('ignores %s', async (_name, message) => {
    const signIn = vi.fn();
    const { send } = routerWith({ 'auth.signIn': signIn });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    expect(await send(message, popup)).toBeUndefined();
    expect(signIn).not.toHaveBeenCalled();
    warn.mockRestore();
  });
});
