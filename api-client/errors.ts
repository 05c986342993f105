import { type ErrorCode, Problem } from './contract/problem.ts';

/**
 * `code` of an {@link ApiError}: a contract error code, or `unexpected_response` when the server
 * answered with something that is not a valid problem document (a proxy's HTML page, a body that
 * does not match the contract).
 */
export type ApiErrorCode = ErrorCode | 'unexpected_response';

/** What the client knows about the request that failed; enough for a log line and the retry rule. */
export interface FailedRequest {
  method: string;
  url: string;
  idempotencyKey: string | undefined;
}

/** Describes a request for an error, without keeping its body or headers (the token stays out of logs). */
export function describeRequest(request: Request): FailedRequest {
  return {
    method: request.method,
    url: request.url,
    idempotencyKey: request.headers.get('idempotency-key') ?? undefined,
  };
}

/**
 * The billing API answered, and the answer is an error (a problem document) or not what the contract says.
 * Callers switch on `code`, never on the message text.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly detail: string | undefined;
  /** The problem document as sent (it may carry extra members, e.g. `available` on a 402); absent when there was none. */
  readonly body: Problem | undefined;
  readonly request: FailedRequest;

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    detail?: string | undefined;
    body?: Problem | undefined;
    request: FailedRequest;
  }) {
    const { method, url } = init.request;
    super(`${method} ${url} failed with ${init.status} ${init.code}${init.detail ? `: ${init.detail}` : ''}`);
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.body = init.body;
    this.request = init.request;
  }
}

/** Why no answer arrived: nothing answered in time, or the connection could not be made or was cut. */
export type NetworkErrorKind = 'timeout' | 'unreachable';

/** No HTTP answer arrived (connection refused or reset, DNS failure, timeout). Nothing can be said about the server's state. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly kind: NetworkErrorKind;
  readonly request: FailedRequest;

  constructor(init: { kind: NetworkErrorKind; request: FailedRequest; timeoutMs?: number; cause?: unknown }) {
    const { method, url } = init.request;
    const reason =
      init.kind === 'timeout'
        ? `no answer within ${init.timeoutMs ?? '?'} ms`
        : `cannot connect (${causeMessage(init.cause)})`;
    super(`${method} ${url}: ${reason}`, { cause: init.cause });
    this.kind = init.kind;
    this.request = init.request;
  }
}

function causeMessage(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  // Node's fetch hides the socket error (ECONNREFUSED, ECONNRESET…) one level down.
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : '';
  return `${cause.message}${inner}`;
}

const PROBLEM_TYPES = ['application/problem+json', 'application/json'];
const TEXT_SNIPPET_CHARS = 200;

/** Turns an error response into an {@link ApiError}, parsing its problem document when it has one. */
export async function apiErrorFromResponse(response: Response, request: FailedRequest): Promise<ApiError> {
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const text = await response.text().catch(() => '');
  if (PROBLEM_TYPES.includes(mediaType)) {
    const problem = Problem.safeParse(parseJson(text));
    if (problem.success) {
      const body = problem.data;
      return new ApiError({ status: response.status, code: body.code, detail: body.detail, body, request });
    }
  }
  const snippet = text.length > TEXT_SNIPPET_CHARS ? `${text.slice(0, TEXT_SNIPPET_CHARS)}…` : text;
  return new ApiError({
    status: response.status,
    code: 'unexpected_response',
    detail: `not a problem document (${mediaType || 'no content type'}): ${snippet}`,
    request,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
