import ky, { type KyInstance, type Options } from 'ky';
import { z } from 'zod';
import { Health } from './contract/health.ts';
import {
  ApiError,
  apiErrorFromResponse,
  describeRequest,
  type FailedRequest,
  NetworkError,
} from './errors.ts';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiClientOptions {
  /** Origin (and optional path prefix) of the billing API, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string;
  /** The bearer token to send, read before every attempt; nothing is sent when it gives none. */
  getToken: () => string | null | undefined | Promise<string | null | undefined>;
  /** How long one attempt may wait for the response headers before it fails with a `timeout` NetworkError. */
  timeoutMs: number;
  /** Called on every 401 (missing, expired or revoked token), before the ApiError reaches the caller. */
  onUnauthorized?: (error: ApiError) => void | Promise<void>;
  /** Retries after the first attempt, for requests that are safe to send again (default 2). */
  retriesMax?: number;
  /** Wait before the first retry; each later retry waits twice as long (default 300). */
  retryDelayMs?: number;
}

export interface ApiRequest<S extends z.ZodType> {
  method: HttpMethod;
  /** Path below `baseUrl`, e.g. `/v1/spends`. */
  path: string;
  /** Schema of the success body; a body that does not match it is an `unexpected_response` ApiError. */
  schema: S;
  json?: unknown;
  /** Makes a POST safe to send again: it is sent on every attempt, so the server runs it at most once. */
  idempotencyKey?: string;
  searchParams?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
}

export interface ApiClient {
  /** The configured ky instance (auth, timeout, retry rule, problem JSON → ApiError), for calls with no helper yet. */
  readonly http: KyInstance;
  /** Sends one request and parses the success body with `schema`. Throws ApiError or NetworkError. */
  request<S extends z.ZodType>(request: ApiRequest<S>): Promise<z.output<S>>;
  /** `GET /healthz`: whether the API and its database answer. */
  health(options?: { signal?: AbortSignal }): Promise<Health>;
}

/** Methods that the HTTP spec defines as idempotent: sending them twice has the effect of sending them once. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
/** Statuses that say "not now" rather than "no": the same request may succeed later. */
const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const RETRIES_MAX_DEFAULT = 2;
const RETRY_DELAY_MS_DEFAULT = 300;
/** billing-api.md, Conventions: a key is 1–255 printable ASCII characters. */
const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;

/**
 * A fresh `Idempotency-Key` for one user action; keep it and send it again when retrying that action.
 * @example
 * const key = newIdempotencyKey();
 * await client.request({ method: 'POST', path: '/v1/spends', schema: Spend, json: body, idempotencyKey: key });
 */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** Whether a request may be sent again after a failure without risking a second effect on the server. */
export function isReplaySafe(request: Pick<FailedRequest, 'method' | 'idempotencyKey'>): boolean {
  const method = request.method.toUpperCase();
  return IDEMPOTENT_METHODS.has(method) || (method === 'POST' && request.idempotencyKey !== undefined);
}

/**
 * Creates the billing API client: bearer auth, explicit timeout, retries only where a replay is safe
 * (idempotent methods, and POSTs that carry an Idempotency-Key, which every retry resends unchanged),
 * problem documents → {@link ApiError}, no answer → {@link NetworkError}. Uses only `fetch`, so it runs
 * in the extension's service worker as well as in Node.
 * @example
 * const client = createApiClient({ baseUrl: 'http://127.0.0.1:8787', getToken: () => token, timeoutMs: 10_000 });
 * const { db } = await client.health();
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const http = createKyInstance(options);

  async function request<S extends z.ZodType>(call: ApiRequest<S>): Promise<z.output<S>> {
    if (call.idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(call.idempotencyKey)) {
      throw new TypeError('Idempotency-Key must be 1–255 printable ASCII characters');
    }
    const response = await http(call.path.replace(/^\/+/, ''), {
      method: call.method,
      json: call.json,
      searchParams: call.searchParams,
      signal: call.signal,
      headers: call.idempotencyKey === undefined ? undefined : { 'idempotency-key': call.idempotencyKey },
    });
    const failed = { method: call.method, url: response.url, idempotencyKey: call.idempotencyKey };
    return parseSuccessBody(response, call.schema, failed);
  }

  return {
    http,
    request,
    health: ({ signal } = {}) => request({ method: 'GET', path: '/healthz', schema: Health, signal }),
  };
}

function createKyInstance(options: ApiClientOptions): KyInstance {
  const retryDelayMs = options.retryDelayMs ?? RETRY_DELAY_MS_DEFAULT;
  return ky.create({
    prefixUrl: options.baseUrl,
    // The deadline lives in fetchWithDeadline, so that a timeout surfaces as a NetworkError like any other lost answer.
    timeout: false,
    fetch: fetchWithDeadline(options.timeoutMs),
    retry: {
      limit: options.retriesMax ?? RETRIES_MAX_DEFAULT,
      // ky checks the method before shouldRetry; POST is let through here and narrowed to keyed POSTs below.
      methods: ['get', 'head', 'put', 'delete', 'post'],
      shouldRetry: ({ error }) => shouldRetry(error),
      delay: (attempt) => retryDelayMs * 2 ** (attempt - 1),
    },
    hooks: {
      beforeRequest: [
        async (request) => {
          const token = await options.getToken();
          if (token) request.headers.set('authorization', `Bearer ${token}`);
        },
      ],
      afterResponse: [
        async (request, _options, response) => {
          if (response.ok) return;
          const error = await apiErrorFromResponse(response, describeRequest(request));
          if (error.status === 401 && options.onUnauthorized) await notify(options.onUnauthorized, error);
          throw error;
        },
      ],
    },
  });
}

/**
 * Retry only what failed in transit or was told "not now", and only when sending it again is safe.
 * Timeouts are not retried: the caller chose how long to wait, and a keyed POST can be sent again by
 * the caller with the same key.
 */
function shouldRetry(error: Error): boolean {
  if (error instanceof NetworkError) return error.kind === 'unreachable' && isReplaySafe(error.request);
  if (error instanceof ApiError) return RETRY_STATUSES.has(error.status) && isReplaySafe(error.request);
  // A hook (getToken, onUnauthorized) or a bug threw: sending the request again would not help.
  return false;
}

function fetchWithDeadline(timeoutMs: number): NonNullable<Options['fetch']> {
  return async (input, init) => {
    // ky always hands its fetch a Request that already carries the final headers.
    const request = input instanceof Request ? input : new Request(input, init);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    try {
      return await globalThis.fetch(request, {
        ...init,
        signal: AbortSignal.any([request.signal, deadline.signal]),
      });
    } catch (error) {
      // Cancelled by the caller's signal: not a network failure, and not to be retried.
      if (request.signal.aborted) throw error;
      const kind = deadline.signal.aborted ? 'timeout' : 'unreachable';
      throw new NetworkError({ kind, request: describeRequest(request), timeoutMs, cause: error });
    } finally {
      clearTimeout(timer);
    }
  };
}

async function parseSuccessBody<S extends z.ZodType>(
  response: Response,
  schema: S,
  request: FailedRequest,
): Promise<z.output<S>> {
  const text = await response.text();
  let value: unknown;
  try {
    value = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError({
      status: response.status,
      code: 'unexpected_response',
      detail: 'body is not JSON',
      request,
    });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const detail = `body does not match the contract: ${z.prettifyError(parsed.error)}`;
    throw new ApiError({ status: response.status, code: 'unexpected_response', detail, request });
  }
  return parsed.data;
}

async function notify(callback: (error: ApiError) => void | Promise<void>, error: ApiError): Promise<void> {
  try {
    await callback(error);
  } catch (callbackError) {
    // The 401 is what the caller must see; a failing listener must not replace it.
    console.error('onUnauthorized failed', callbackError);
  }
}
