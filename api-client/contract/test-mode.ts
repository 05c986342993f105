import { z } from 'zod';

// The test clock and test outbox of `/v1/ops/*`, served only with BILLING_TEST_MODE=1 (billing-api.md, Back office).

export const SetClockRequest = z.object({ now: z.iso.datetime({ offset: true }) }).strict();
export type SetClockRequest = z.infer<typeof SetClockRequest>;

export const ClockResponse = z.object({ now: z.string() });
export type ClockResponse = z.infer<typeof ClockResponse>;

export const OutboxMessage = z.object({
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  verifyToken: z.string().optional(),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;

/** Messages sent, newest first. */
export const OutboxResponse = z.object({ messages: z.array(OutboxMessage) });
export type OutboxResponse = z.infer<typeof OutboxResponse>;
