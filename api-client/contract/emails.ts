import { z } from 'zod';

export const EmailCheckRequest = z.object({ email: z.string() }).strict();
export type EmailCheckRequest = z.infer<typeof EmailCheckRequest>;

export const EmailVerification = z.object({
  verificationId: z.string(),
  email: z.string(),
  valid: z.boolean(),
  checks: z.object({ syntax: z.boolean(), mx: z.boolean(), disposable: z.boolean(), role: z.boolean() }),
});
export type EmailVerification = z.infer<typeof EmailVerification>;
