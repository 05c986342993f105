import { createTransport } from 'nodemailer';
import type { Mailer } from './mailer.ts';

/**
 * A mailer sending through the SMTP server of `smtpUrl` (`smtp://user:pass@host:587`, `smtps://…`).
 * A `from` query parameter sets the sender (`smtp://host:25?from=Lasso%20%3Cno-reply%40example.com%3E`),
 * otherwise it is `no-reply@` the host of `publicUrl`.
 */
export function createSmtpMailer(smtpUrl: string, publicUrl: string): Mailer & { close(): void } {
  const url = new URL(smtpUrl);
  const from = url.searchParams.get('from') ?? `Lasso <no-reply@${new URL(publicUrl).hostname}>`;
  url.searchParams.delete('from');
  const transport = createTransport(url.toString(), { from });
  return {
    async send(message) {
      await transport.sendMail({ to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  };
}
