import { useState } from 'preact/hooks';
import type { AuthFailure, AuthForm as Form, Phase } from './session-store.ts';

/** billing-api.md: a password has at least 10 characters (kept here so the popup bundle needs no zod). */
const PASSWORD_CHARS_MIN = 10;

type AuthPhase = Extract<Phase, { name: 'signedOut' | 'signingIn' | 'expired' }>;

interface AuthFormProps {
  phase: AuthPhase;
  onSwitch: (form: Form) => void;
  onSignIn: (email: string, password: string) => void;
  onSignUp: (email: string, password: string, name: string) => void;
  /** Prefix of the fields' ids, so that two forms may share a page. */
  idPrefix?: string;
}

/** What to tell the user about a failed sign-in or sign-up; pages switch on the code, never on the text. */
export function authFailureText(form: Form, failure: AuthFailure): string {
  switch (failure.code) {
    case 'unauthorized':
      return 'Wrong email or password.';
    case 'email_taken':
      return 'An account with this email already exists. Sign in instead.';
    case 'rate_limited':
      return 'Too many failed attempts. Wait 15 minutes, then try again.';
    case 'validation_failed':
      return form === 'signUp'
        ? `Check the email address, and use a password of at least ${PASSWORD_CHARS_MIN} characters.`
        : 'Check the email address.';
    case 'unreachable':
    case 'timeout':
      return 'Cannot reach the billing API. Check your connection, or the API URL in Settings.';
    default:
      return `Something went wrong (${failure.code}). Try again in a moment.`;
  }
}

/** Sign in, or create an account: email + password (and an optional name), with its errors. */
export function AuthForm({ phase, onSwitch, onSignIn, onSignUp, idPrefix = 'auth' }: AuthFormProps) {
  const form: Form = phase.name === 'expired' ? 'signIn' : phase.form;
  const busy = phase.name === 'signingIn';
  const [email, setEmail] = useState(phase.email);
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const signUp = form === 'signUp';
  const error = phase.name === 'signedOut' ? phase.error : null;
  const id = (field: string) => `${idPrefix}-${field}`;

  function submit(event: Event) {
    event.preventDefault();
    if (signUp) onSignUp(email.trim(), password, name.trim());
    else onSignIn(email.trim(), password);
  }

  return (
    <form class="auth" onSubmit={submit} aria-labelledby={id('title')} aria-busy={busy}>
      <h2 id={id('title')}>{signUp ? 'Create your Lasso account' : 'Sign in to Lasso'}</h2>
      {phase.name === 'expired' && (
        <p class="notice notice--warn" role="status">
          Your session has expired. Sign in again to see your credits.
        </p>
      )}
      {signUp && (
        <div class="field">
          <label for={id('name')}>Name (optional)</label>
          <input
            id={id('name')}
            name="name"
            autocomplete="name"
            maxLength={200}
            value={name}
            onInput={(event) => setName(event.currentTarget.value)}
            disabled={busy}
          />
        </div>
      )}
      <div class="field">
        <label for={id('email')}>Email</label>
        <input
          id={id('email')}
          name="email"
          type="email"
          autocomplete="email"
          required
          maxLength={254}
          value={email}
          onInput={(event) => setEmail(event.currentTarget.value)}
          disabled={busy}
        />
      </div>
      <div class="field">
        <label for={id('password')}>Password</label>
        <input
          id={id('password')}
          name="password"
          type="password"
          autocomplete={signUp ? 'new-password' : 'current-password'}
          required
          minLength={signUp ? PASSWORD_CHARS_MIN : undefined}
          maxLength={1024}
          value={password}
          onInput={(event) => setPassword(event.currentTarget.value)}
          disabled={busy}
          aria-describedby={signUp ? id('password-help') : undefined}
        />
        {signUp && (
          <p id={id('password-help')} class="field__help">
            At least {PASSWORD_CHARS_MIN} characters.
          </p>
        )}
      </div>
      {error && (
        <p class="notice notice--bad" role="alert">
          {authFailureText(form, error)}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? (signUp ? 'Creating your account…' : 'Signing in…') : signUp ? 'Create account' : 'Sign in'}
      </button>
      <p class="auth__switch">
        {signUp ? 'Already have an account?' : 'New to Lasso?'}{' '}
        <button
          type="button"
          class="link"
          onClick={() => onSwitch(signUp ? 'signIn' : 'signUp')}
          disabled={busy}
        >
          {signUp ? 'Sign in' : 'Create an account'}
        </button>
      </p>
    </form>
  );
}
