import type { Mailer, MailMessage } from './mailer.ts';

/** Bounds the memory of a long-running test-mode server. */
const OUTBOX_MESSAGES_MAX = 10_000;

/** Test mode's mailer: keeps every message in memory for `GET /v1/ops/outbox`. */
export class Outbox implements Mailer {
  private readonly messages: MailMessage[] = [];

  async send(message: MailMessage): Promise<void> {
    this.messages.push({ ...message, to: message.to.toLowerCase() });
    if (this.messages.length > OUTBOX_MESSAGES_MAX) this.messages.shift();
  }

  /** Messages sent so far, newest first; only those to `to` (any case) when given. */
  list(to?: string): MailMessage[] {
    const recipient = to?.trim().toLowerCase();
    return this.messages
      .filter((message) => recipient === undefined || message.to === recipient)
      .reverse()
      .map((message) => ({ ...message }));
  }
}
