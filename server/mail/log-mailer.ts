import type { Mailer } from './mailer.ts';

/**
 * The mailer of a server with neither test mode nor SMTP_URL (local development): prints each
 * message, verification link included, to the console instead of sending it.
 */
export function createLogMailer(log: (line: string) => void = console.log): Mailer {
  return {
    async send(message) {
      log(`mail to ${message.to}: ${message.subject}\n${message.text}`);
    },
  };
}
