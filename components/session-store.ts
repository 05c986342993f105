import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Connection } from '../messaging/live.ts';
import type { FailureCode, Outcome } from '../messaging/protocol.ts';
import type { Account, CachedBalance } from '../storage/session.ts';

export type AuthForm = 'signIn' | 'signUp';

export interface AuthFailure {
  code: FailureCode;
  message: string;
}

/**
 * Where the page stands with the account: a state machine.
 *
 * ```
 * loading ─► signedOut ─submit─► signingIn ─ok─► signedIn ─401─► expired ─submit─► signingIn
 *                ▲                   │ failed                │ sign out
 *                └───────────────────┴───────────────────────┘
 * ```
 */
export type Phase =
  /** Reading what chrome.storage.local remembers. */
  | { name: 'loading' }
  | { name: 'signedOut'; form: AuthForm; email: string; error: AuthFailure | null }
  | { name: 'signingIn'; form: AuthForm; email: string }
  | { name: 'signedIn'; account: Account }
  /** The API refused the token (expired or revoked); the user signs in again. */
  | { name: 'expired'; email: string };

export type ResendState = 'idle' | 'sending' | 'sent' | 'already_verified' | 'failed';

export interface SessionState {
  phase: Phase;
  /** The last balance the background cached; shown only when it is the signed-in user's. */
  balance: CachedBalance | null;
  connection: Connection;
  resend: ResendState;
}

export type SessionEvent =
  | { type: 'restored'; account: Account | null; balance: CachedBalance | null }
  | { type: 'accountChanged'; account: Account | null }
  | { type: 'balanceChanged'; balance: CachedBalance | null }
  | { type: 'connectionChanged'; connection: Connection }
  | { type: 'formSwitched'; form: AuthForm }
  | { type: 'submitted'; form: AuthForm; email: string }
  | { type: 'authFailed'; error: AuthFailure }
  | { type: 'authSucceeded'; account: Account }
  | { type: 'signedOut' }
  | { type: 'resendChanged'; resend: ResendState };

export const initialSessionState: SessionState = {
  phase: { name: 'loading' },
  balance: null,
  connection: { state: 'idle' },
  resend: 'idle',
};

function signedOut(email = '', form: AuthForm = 'signIn', error: AuthFailure | null = null): Phase {
  return { name: 'signedOut', form, email, error };
}

/** The phase a stored account stands for. */
function phaseOf(account: Account | null): Phase {
  if (!account) return signedOut();
  if (account.status === 'expired') return { name: 'expired', email: account.user.email };
  return { name: 'signedIn', account };
}

function emailOf(phase: Phase): string {
  if (phase.name === 'signedIn') return phase.account.user.email;
  if (phase.name === 'loading') return '';
  return phase.email;
}

/** The next phase: pure, so every transition of the machine is tested without a browser. */
export function nextPhase(phase: Phase, event: SessionEvent): Phase {
  switch (event.type) {
    case 'restored':
      return phase.name === 'loading' ? phaseOf(event.account) : phase;
    case 'accountChanged':
      // While signing in, only the answer to our own request decides (the old account may still be stored).
      if (phase.name === 'loading' || phase.name === 'signingIn') return phase;
      if (event.account) return phaseOf(event.account);
      return phase.name === 'signedOut' ? phase : signedOut(emailOf(phase));
    case 'formSwitched':
      if (phase.name === 'signedOut' || phase.name === 'expired')
        return signedOut(emailOf(phase), event.form);
      return phase;
    case 'submitted':
      if (phase.name === 'signedOut' || phase.name === 'expired') {
        return { name: 'signingIn', form: event.form, email: event.email };
      }
      return phase;
    case 'authFailed':
      return phase.name === 'signingIn' ? signedOut(phase.email, phase.form, event.error) : phase;
    case 'authSucceeded':
      return phase.name === 'signingIn' ? { name: 'signedIn', account: event.account } : phase;
    case 'signedOut':
      return phase.name === 'signedIn' || phase.name === 'expired' ? signedOut(emailOf(phase)) : phase;
    default:
      return phase;
  }
}

/** The whole next state. */
export function reduce(state: SessionState, event: SessionEvent): SessionState {
  const phase = nextPhase(state.phase, event);
  let { balance, connection, resend } = state;
  if (event.type === 'restored' || event.type === 'balanceChanged') balance = event.balance;
  if (event.type === 'connectionChanged') connection = event.connection;
  if (event.type === 'resendChanged') resend = event.resend;
  // A new account (or none) starts with no resend in progress.
  if (phase.name !== 'signedIn') resend = 'idle';
  if (
    phase === state.phase &&
    balance === state.balance &&
    connection === state.connection &&
    resend === state.resend
  ) {
    return state;
  }
  return { phase, balance, connection, resend };
}

/** The cached balance, if it belongs to the signed-in user. */
export function visibleBalance(state: SessionState): CachedBalance | null {
  const { phase, balance } = state;
  if (phase.name !== 'signedIn' || !balance || balance.userId !== phase.account.user.id) return null;
  return balance;
}

/** What the store needs from the extension: storage, the background's answers, the live port. */
export interface SessionBackend {
  restore(): Promise<{ account: Account | null; balance: CachedBalance | null }>;
  /** Calls back on every change of the stored account and balance. */
  watch(listeners: {
    account(account: Account | null): void;
    balance(balance: CachedBalance | null): void;
  }): () => void;
  /** Opens the live link to the background (which then follows the API's events) until the returned close. */
  connect(onConnection: (connection: Connection) => void): () => void;
  signIn(email: string, password: string): Promise<Outcome<Account>>;
  signUp(email: string, password: string, name: string | undefined): Promise<Outcome<Account>>;
  signOut(): Promise<Outcome<null>>;
  resendVerification(): Promise<Outcome<{ sent: boolean }>>;
  retry(): void;
}

export interface SessionStore {
  readonly store: StoreApi<SessionState>;
  /** Shows what storage remembers (resolved then), then follows every change until `stop()`. */
  start(): Promise<void>;
  stop(): void;
  switchForm(form: AuthForm): void;
  signIn(email: string, password: string): Promise<void>;
  signUp(email: string, password: string, name?: string): Promise<void>;
  signOut(): Promise<void>;
  resendVerification(): Promise<void>;
  retry(): void;
}

const UNANSWERED: AuthFailure = { code: 'unreachable', message: "Lasso's background worker did not answer." };

/**
 * The account state of a page (popup, dashboard) as a zustand store, driven by {@link reduce}.
 * @example
 * const session = createSessionStore(extensionBackend());
 * await session.start();
 * session.store.getState().phase.name // 'signedIn'
 */
export function createSessionStore(backend: SessionBackend): SessionStore {
  const store = createStore<SessionState>(() => initialSessionState);
  const dispatch = (event: SessionEvent) => store.setState(reduce(store.getState(), event), true);
  let unwatch: (() => void) | undefined;

  async function authenticate(form: AuthForm, email: string, call: () => Promise<Outcome<Account>>) {
    dispatch({ type: 'submitted', form, email });
    const outcome = await call().catch((): Outcome<Account> => ({ ok: false, ...UNANSWERED }));
    if (outcome.ok) dispatch({ type: 'authSucceeded', account: outcome.value });
    else dispatch({ type: 'authFailed', error: { code: outcome.code, message: outcome.message } });
  }

  return {
    store,
    async start() {
      // Watch first, so that a change made while storage is being read is not lost.
      const unwatchStorage = backend.watch({
        account: (account) => dispatch({ type: 'accountChanged', account }),
        balance: (balance) => dispatch({ type: 'balanceChanged', balance }),
      });
      unwatch = unwatchStorage;
      const { account, balance } = await backend.restore();
      dispatch({ type: 'restored', account, balance });
      // Wake the background only after the page has had a chance to paint what storage remembers.
      setTimeout(() => {
        if (unwatch !== unwatchStorage) return;
        const disconnect = backend.connect((connection) =>
          dispatch({ type: 'connectionChanged', connection }),
        );
        unwatch = () => {
          unwatchStorage();
          disconnect();
        };
      }, 0);
    },
    stop() {
      unwatch?.();
      unwatch = undefined;
    },
    switchForm: (form) => dispatch({ type: 'formSwitched', form }),
    signIn: (email, password) => authenticate('signIn', email, () => backend.signIn(email, password)),
    signUp: (email, password, name) =>
      authenticate('signUp', email, () => backend.signUp(email, password, name || undefined)),
    async signOut() {
      dispatch({ type: 'signedOut' });
      await backend.signOut().catch(() => undefined);
    },
    async resendVerification() {
      dispatch({ type: 'resendChanged', resend: 'sending' });
      const outcome = await backend.resendVerification().catch(() => undefined);
      const resend: ResendState = !outcome?.ok ? 'failed' : outcome.value.sent ? 'sent' : 'already_verified';
      dispatch({ type: 'resendChanged', resend });
    },
    retry: () => backend.retry(),
  };
}
