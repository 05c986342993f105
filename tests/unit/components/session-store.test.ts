import { describe, expect, it, vi } from 'vitest';
import {
  createSessionStore,
  initialSessionState,
  nextPhase,
  type Phase,
  reduce,
  type SessionBackend,
  visibleBalance,
} from '../../../components/session-store.ts';
import type { Connection } from '../../../messaging/live.ts';
import type { Outcome } from '../../../messaging/protocol.ts';
import type { Account, CachedBalance } from '../../../storage/session.ts';
import { personalBalance } from './balances.ts';

const user = { id: 'usr_1', email: 'ada@acme.com', name: null, emailVerified: false };
const account: Account = { status: 'signed_in', user, team: null, apiUrl: 'http://127.0.0.1:8787' };
const expiredAccount: Account = { ...account, status: 'expired' };
const cached: CachedBalance = { userId: 'usr_1', balance: personalBalance(), fetchedAt: 1_000 };

const signedOut: Phase = { name: 'signedOut', form: 'signIn', email: '', error: null };
const signingIn: Phase = { name: 'signingIn', form: 'signIn', email: 'ada@acme.com' };
const signedIn: Phase = { name: 'signedIn', account };
const expired: Phase = { name: 'expired', email: 'ada@acme.com' };

describe('nextPhase: the state machine', () => {
  it.each<[string, Phase, Parameters<typeof nextPhase>[1], Phase]>([
    [
      'loading → signed out (nothing stored)',
      { name: 'loading' },
      { type: 'restored', account: null, balance: null },
      signedOut,
    ],
    [
      'loading → signed in (stored account)',
      { name: 'loading' },
      { type: 'restored', account, balance: null },
      signedIn,
    ],
    [
      'loading → token expired (stored expired account)',
      { name: 'loading' },
      { type: 'restored', account: expiredAccount, balance: null },
      expired,
    ],
    [
      'signed out → signing in',
      signedOut,
      { type: 'submitted', form: 'signIn', email: 'ada@acme.com' },
      signingIn,
    ],
    ['signing in → signed in', signingIn, { type: 'authSucceeded', account }, signedIn],
    [
      'signing in → signed out with the error',
      signingIn,
      { type: 'authFailed', error: { code: 'unauthorized', message: 'wrong email or password' } },
      {
        name: 'signedOut',
        form: 'signIn',
        email: 'ada@acme.com',
        error: { code: 'unauthorized', message: 'wrong email or password' },
      },
    ],
    ['signed in → token expired', signedIn, { type: 'accountChanged', account: expiredAccount }, expired],
    [
      'token expired → signing in again',
      expired,
      { type: 'submitted', form: 'signIn', email: 'ada@acme.com' },
      signingIn,
    ],
    [
      'signed in → signed out (sign out), keeping the email',
      signedIn,
      { type: 'signedOut' },
      { ...signedOut, email: 'ada@acme.com' },
    ],
    [
      'signed in → signed out (signed out elsewhere)',
      signedIn,
      { type: 'accountChanged', account: null },
      { ...signedOut, email: 'ada@acme.com' },
    ],
    [
      'signed out → signed in (signed in elsewhere)',
      signedOut,
      { type: 'accountChanged', account },
      signedIn,
    ],
    [
      'signed out → sign-up form',
      signedOut,
      { type: 'formSwitched', form: 'signUp' },
      { ...signedOut, form: 'signUp' },
    ],
  ])('%s', (_name, phase, event, next) => {
    expect(nextPhase(phase, event)).toEqual(next);
  });

  it.each<[string, Phase, Parameters<typeof nextPhase>[1]]>([
    [
      'a stored account does not interrupt signing in',
      signingIn,
      { type: 'accountChanged', account: expiredAccount },
    ],
    ['a late answer does not sign in a signed-out page', signedOut, { type: 'authSucceeded', account }],
    [
      'a late failure does not sign out a signed-in page',
      signedIn,
      { type: 'authFailed', error: { code: 'timeout', message: '' } },
    ],
    [
      'a second submit while signing in is ignored',
      signingIn,
      { type: 'submitted', form: 'signUp', email: 'x@y.com' },
    ],
    [
      'restored after a change came in is ignored',
      signedIn,
      { type: 'restored', account: null, balance: null },
    ],
  ])('%s', (_name, phase, event) => {
    expect(nextPhase(phase, event)).toBe(phase);
  });
});

describe('reduce', () => {
  it('shows a cached balance only when it is the signed-in user’s', () => {
    const restored = reduce(initialSessionState, { type: 'restored', account, balance: cached });
    const someoneElse = reduce(restored, { type: 'balanceChanged', balance: { ...cached, userId: 'usr_2' } });
    const signedOutState = reduce(restored, { type: 'signedOut' });

    expect(visibleBalance(restored)).toBe(cached);
    expect(visibleBalance(someoneElse)).toBeNull();
    expect(visibleBalance(signedOutState)).toBeNull();
  });

  it('returns the same state when nothing changes, so subscribers do not re-render', () => {
    const state = reduce(initialSessionState, { type: 'restored', account, balance: cached });

    expect(reduce(state, { type: 'authSucceeded', account })).toBe(state);
  });

  it('forgets a resend in progress once the user is signed out', () => {
    const sending = reduce(reduce(initialSessionState, { type: 'restored', account, balance: null }), {
      type: 'resendChanged',
      resend: 'sent',
    });

    expect(sending.resend).toBe('sent');
    expect(reduce(sending, { type: 'signedOut' }).resend).toBe('idle');
  });
});

/** A backend whose storage and port the test drives by hand. */
function fakeBackend(stored: { account: Account | null; balance: CachedBalance | null }) {
  const listeners: Parameters<SessionBackend['watch']>[0][] = [];
  const connections: Array<(connection: Connection) => void> = [];
  let answer: (outcome: Outcome<Account>) => void = () => {};
  const backend = {
    restore: vi.fn(async () => stored),
    watch: vi.fn((watcher: Parameters<SessionBackend['watch']>[0]) => {
      listeners.push(watcher);
      return () => listeners.splice(listeners.indexOf(watcher), 1);
    }),
    connect: vi.fn((onConnection: (connection: Connection) => void) => {
      connections.push(onConnection);
      return () => {
        connections.splice(connections.indexOf(onConnection), 1);
      };
    }),
    signIn: vi.fn(() => new Promise<Outcome<Account>>((resolve) => (answer = resolve))),
    signUp: vi.fn(() => new Promise<Outcome<Account>>((resolve) => (answer = resolve))),
    signOut: vi.fn(async (): Promise<Outcome<null>> => ({ ok: true, value: null })),
    resendVerification: vi.fn(
      async (): Promise<Outcome<{ sent: boolean }>> => ({ ok: true, value: { sent: true } }),
    ),
    retry: vi.fn(),
  } satisfies SessionBackend;
  return {
    backend,
    answer: (outcome: Outcome<Account>) => answer(outcome),
    storageSays: (next: Account | null) => {
      for (const watcher of listeners) watcher.account(next);
    },
    balanceArrives: (next: CachedBalance) => {
      for (const watcher of listeners) watcher.balance(next);
    },
    portSays: (connection: Connection) => {
      for (const listener of connections) listener(connection);
    },
    watching: () => listeners.length + connections.length,
  };
}

describe('createSessionStore', () => {
  it('signs in: signed out → signing in → signed in, then shows the balance that arrives', async () => {
    const fake = fakeBackend({ account: null, balance: null });
    const session = createSessionStore(fake.backend);
    await session.start();
    expect(session.store.getState().phase.name).toBe('signedOut');

    const signingInDone = session.signIn('ada@acme.com', 'correct horse battery');

    expect(session.store.getState().phase).toEqual(signingIn);
    expect(fake.backend.signIn).toHaveBeenCalledWith('ada@acme.com', 'correct horse battery');
    fake.answer({ ok: true, value: account });
    await signingInDone;
    fake.balanceArrives(cached);
    expect(session.store.getState().phase).toEqual(signedIn);
    expect(visibleBalance(session.store.getState())).toBe(cached);
  });

  it('goes back to the form with the error when sign-in fails', async () => {
    const fake = fakeBackend({ account: null, balance: null });
    const session = createSessionStore(fake.backend);
    await session.start();

    const done = session.signIn('ada@acme.com', 'wrong');
    fake.answer({ ok: false, code: 'unauthorized', message: 'wrong email or password' });
    await done;

    expect(session.store.getState().phase).toMatchObject({
      name: 'signedOut',
      email: 'ada@acme.com',
      error: { code: 'unauthorized' },
    });
  });

  it('moves to token expired when the background marks the account expired', async () => {
    const fake = fakeBackend({ account, balance: cached });
    const session = createSessionStore(fake.backend);
    await session.start();

    fake.storageSays(expiredAccount);

    expect(session.store.getState().phase).toEqual(expired);
    expect(visibleBalance(session.store.getState())).toBeNull();
  });

  it('signs out at once, before the background has answered', async () => {
    const fake = fakeBackend({ account, balance: cached });
    fake.backend.signOut.mockReturnValue(new Promise(() => {}));
    const session = createSessionStore(fake.backend);
    await session.start();

    void session.signOut();

    expect(session.store.getState().phase.name).toBe('signedOut');
    expect(fake.backend.signOut).toHaveBeenCalledTimes(1);
  });

  it('opens the live link only once the stored figures are shown', async () => {
    const fake = fakeBackend({ account, balance: cached });
    let connectedWhen: string | undefined;
    const session = createSessionStore(fake.backend);
    fake.backend.connect.mockImplementation(() => {
      connectedWhen = session.store.getState().phase.name;
      return () => {};
    });

    await session.start();

    expect(fake.backend.connect).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(connectedWhen).toBe('signedIn'));
  });

  it('follows the live connection and asks the background to retry', async () => {
    const fake = fakeBackend({ account, balance: cached });
    const session = createSessionStore(fake.backend);
    await session.start();
    await vi.waitFor(() => expect(fake.backend.connect).toHaveBeenCalled());

    fake.portSays({ state: 'live', apiUrl: account.apiUrl });
    session.retry();

    expect(session.store.getState().connection).toEqual({ state: 'live', apiUrl: account.apiUrl });
    expect(fake.backend.retry).toHaveBeenCalledTimes(1);
  });

  it('reports a resend, and stops watching on stop()', async () => {
    const fake = fakeBackend({ account, balance: null });
    const session = createSessionStore(fake.backend);
    await session.start();

    await vi.waitFor(() => expect(fake.backend.connect).toHaveBeenCalled());

    await session.resendVerification();
    session.stop();

    expect(session.store.getState().resend).toBe('sent');
    expect(fake.watching()).toBe(0);
  });

  it('treats a background that does not answer as a failed sign-in, not a crash', async () => {
    const fake = fakeBackend({ account: null, balance: null });
    fake.backend.signUp.mockRejectedValue(new Error('the background did not answer auth.signUp'));
    const session = createSessionStore(fake.backend);
    await session.start();

    await session.signUp('ada@acme.com', 'correct horse battery');

    expect(session.store.getState().phase).toMatchObject({
      name: 'signedOut',
      form: 'signUp',
      error: { code: 'unreachable' },
    });
  });
});
