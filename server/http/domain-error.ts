import { ERROR_STATUS, type ErrorCode } from '../../api-client/contract/problem.ts';

/** An expected failure of a request; `app.onError` renders it as a problem document. */
export class DomainError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code}: ${detail}`);
    this.status = ERROR_STATUS[code];
  }
}

const TITLES: Record<ErrorCode, string> = {
  validation_failed: 'Validation failed',
  unauthorized: 'Unauthorized',
  insufficient_credits: 'Insufficient credits',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  idempotency_conflict: 'Idempotency key reused with a different request',
  already_in_team: 'Already in a team',
  email_taken: 'Email already registered',
  hold_not_pending: 'Hold is not pending',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  domain_mismatch: 'Email domain does not match the team',
  domain_not_allowed: 'Domain not allowed',
  email_unverified: 'Email not verified',
  verification_invalid: 'Verification invalid',
  rate_limited: 'Too many requests',
  internal_error: 'Internal server error',
  service_unavailable: 'Service unavailable',
};

/** The problem document for `error`, ready to serialise. */
export function problemBody(error: DomainError): Record<string, unknown> {
  return {
    type: 'about:blank',
    title: TITLES[error.code],
    status: error.status,
    code: error.code,
    detail: error.detail,
    ...error.extra,
  };
}
