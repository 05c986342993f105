import type { User } from '../../api-client/contract/auth.ts';
import type { AppDeps } from '../deps.ts';
import { verificationEmail } from '../mail/verification-email.ts';
import { issueToken } from './tokens.ts';

/**
 * Issues a verify-email token for `user` and mails it. A mail failure is logged, not thrown: the
 * account exists either way, and the user can ask for another message.
 */
export async function sendVerificationEmail(
  deps: Pick<AppDeps, 'db' | 'clock' | 'config' | 'mailer'>,
  user: Pick<User, 'id' | 'email'>,
): Promise<boolean> {
  const token = await issueToken(deps.db, {
    userId: user.id,
    purpose: 'verify_email',
    now: deps.clock.now(),
  });
  try {
    await deps.mailer.send(verificationEmail({ to: user.email, token, publicUrl: deps.config.publicUrl }));
    return true;
  } catch (error) {
    console.error(`verification email to ${user.id} failed:`, error);
    return false;
  }
}
