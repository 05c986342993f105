/** One email the billing API sends. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The email-verification token the message carries, kept so the test outbox can show it. */
  verifyToken?: string;
}

/** Sends email: the test outbox, SMTP, or the console (see `buildDeps`). */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
