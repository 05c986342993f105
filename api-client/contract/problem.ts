import { z } from 'zod';

/** Every `code` a problem document may carry, with its HTTP status (billing-api.md, Conventions). */
export const ERROR_STATUS = {
  validation_failed: 400,
  unauthorized: 401,
  insufficient_credits: 402,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  idempotency_conflict: 409,
  already_in_team: 409,
  email_taken: 409,
  hold_not_pending: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  domain_mismatch: 422,
  domain_not_allowed: 422,
  email_unverified: 422,
  verification_invalid: 422,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ErrorCode = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

/** An RFC 9457 problem document as the billing API sends it. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: ErrorCode,
    detail: z.string().optional(),
    available: z.number().int().optional(),
  })
  .passthrough();
export type Problem = z.infer<typeof Problem>;
