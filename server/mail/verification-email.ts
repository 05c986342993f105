import type { MailMessage } from './mailer.ts';

/** The message asking `to` to confirm their address with `token`. */
export function verificationEmail(input: { to: string; token: string; publicUrl: string }): MailMessage {
  const link = `${input.publicUrl.replace(/\/+$/, '')}/v1/auth/verify-email?token=${encodeURIComponent(input.token)}`;
  return {
    to: input.to,
    subject: 'Confirm your email address for Lasso',
    text: [
      'Welcome to Lasso!',
      '',
      'Confirm your email address by opening this link:',
      link,
      '',
      `or by entering this code in the extension: ${input.token}`,
      '',
      'The link expires in 7 days. If you did not sign up for Lasso, ignore this message.',
    ].join('\n'),
    verifyToken: input.token,
  };
}
