import type { ResendState } from './session-store.ts';

interface VerifyReminderProps {
  email: string;
  resend: ResendState;
  onResend: () => void;
}

const RESEND_TEXT: Record<ResendState, string> = {
  idle: '',
  sending: 'Sending…',
  sent: 'Sent. Check your inbox (and the spam folder).',
  already_verified: 'Your email is already confirmed.',
  failed: 'Could not send it. Try again in a moment.',
};

/** Shown until the user confirms their email address (needed to found or join a team). */
export function VerifyReminder({ email, resend, onResend }: VerifyReminderProps) {
  return (
    <section class="notice notice--warn verify" aria-labelledby="verify-title">
      <p id="verify-title" class="notice__title">
        Confirm your email address
      </p>
      <p>
        We sent a link to <strong>{email}</strong>. Confirming it lets you found or join your company's team.
      </p>
      <div class="verify__actions">
        <button type="button" class="secondary" onClick={onResend} disabled={resend === 'sending'}>
          Resend the link
        </button>
        <span role="status" aria-live="polite" class="verify__status">
          {RESEND_TEXT[resend]}
        </span>
      </div>
    </section>
  );
}
