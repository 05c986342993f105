import { AuthForm } from './auth-form.tsx';
import type { AuthForm as Form, Phase } from './session-store.ts';

interface AccountSettingsProps {
  phase: Phase;
  onSwitch: (form: Form) => void;
  onSignIn: (email: string, password: string) => void;
  onSignUp: (email: string, password: string, name: string) => void;
  onSignOut: () => void;
}

/** The Account part of Settings: who is signed in (and their team), sign out; or the sign-in form. */
export function AccountSettings({ phase, onSwitch, onSignIn, onSignUp, onSignOut }: AccountSettingsProps) {
  if (phase.name === 'loading') return <p class="loading">Loading your account…</p>;
  if (phase.name !== 'signedIn') {
    return (
      <AuthForm
        phase={phase}
        onSwitch={onSwitch}
        onSignIn={onSignIn}
        onSignUp={onSignUp}
        idPrefix="settings-auth"
      />
    );
  }
  const { user, team, apiUrl } = phase.account;
  return (
    <div class="account" data-testid="account">
      <dl class="account__facts">
        <div>
          <dt>Signed in as</dt>
          <dd>
            {user.email}
            {user.name ? ` (${user.name})` : ''}
          </dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd>{user.emailVerified ? 'Confirmed' : 'Not confirmed yet: see the link we sent you'}</dd>
        </div>
        <div>
          <dt>Team</dt>
          <dd>
            {team
              ? `${team.name} (${team.domain}), ${team.role === 'admin' ? 'admin' : 'member'}, pool access ${team.poolAccess ? 'on' : 'off'}`
              : 'Not in a team'}
          </dd>
        </div>
        <div>
          <dt>Billing API</dt>
          <dd>{apiUrl}</dd>
        </div>
      </dl>
      <button type="button" class="secondary" onClick={onSignOut}>
        Sign out
      </button>
    </div>
  );
}
