import { Balance } from './contract/billing.ts';
import { ApiError, apiErrorFromResponse, NetworkError } from './errors.ts';

/** One server-sent event: its `event` name (`message` when absent) and its data lines joined by `\n`. */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/**
 * Incremental parser of a `text/event-stream` (HTML Living Standard, "Parsing an event stream"): feed it
 * decoded chunks as they arrive, in any split, and it returns the events each one completes. Comments
 * (`: ping`) and `id`/`retry` fields are read and ignored.
 */
export class EventStreamParser {
  #buffer = '';
  #event = '';
  #data: string[] = [];
  /** A chunk that ended on `\r` may continue with the `\n` of the same line ending. */
  #skipLeadingLf = false;

  push(chunk: string): ServerSentEvent[] {
    let text = chunk;
    if (this.#skipLeadingLf && text.startsWith('\n')) text = text.slice(1);
    this.#skipLeadingLf = text.endsWith('\r');
    this.#buffer += text;
    const lines = this.#buffer.split(/\r\n|\r|\n/);
    // The last piece has no line ending yet: keep it for the next chunk.
    this.#buffer = lines.pop() ?? '';
    const events: ServerSentEvent[] = [];
    for (const line of lines) {
      const event = this.#line(line);
      if (event) events.push(event);
    }
    return events;
  }

  #line(line: string): ServerSentEvent | undefined {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
    return undefined;
  }

  #dispatch(): ServerSentEvent | undefined {
    const event = this.#event || 'message';
    const data = this.#data;
    this.#event = '';
    this.#data = [];
    if (data.length === 0) return undefined;
    return { event, data: data.join('\n') };
  }
}

export interface BalanceEventsOptions {
  /** Origin (and optional path prefix) of the billing API. */
  baseUrl: string;
  token: string;
  /** Ends the stream; the promise then rejects with the signal's reason. */
  signal: AbortSignal;
  /** How long to wait for the response headers. */
  connectTimeoutMs: number;
  /** The server pings every 25 s: this long without a byte means the connection is dead. */
  idleTimeoutMs: number;
  /** The server accepted the stream (200, `text/event-stream`). */
  onOpen?: () => void;
  /** Every `event: balance`, already parsed with the contract's schema. */
  onBalance: (balance: Balance) => void;
}

/**
 * Follows `GET /v1/me/events` with `fetch` and a stream reader (EventSource cannot send a bearer header).
 * Resolves when the server ends the stream; rejects with `ApiError` (401 included) or `NetworkError`
 * (no answer, cut off, or silent past `idleTimeoutMs`). Reconnecting is the caller's choice.
 * @example
 * await streamBalanceEvents({ baseUrl, token, signal, connectTimeoutMs: 10_000, idleTimeoutMs: 60_000, onBalance: render });
 */
export async function streamBalanceEvents(options: BalanceEventsOptions): Promise<void> {
  const url = new URL(
    'v1/me/events',
    options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`,
  );
  const request = { method: 'GET', url: url.href, idempotencyKey: undefined };
  const watchdog = new AbortController();
  const signal = AbortSignal.any([options.signal, watchdog.signal]);
  let timedOutAfterMs = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOutAfterMs = ms;
      watchdog.abort();
    }, ms);
  };
  const lost = (cause: unknown) => {
    if (options.signal.aborted) return options.signal.reason;
    const kind = timedOutAfterMs > 0 ? 'timeout' : 'unreachable';
    return new NetworkError({ kind, request, timeoutMs: timedOutAfterMs, cause });
  };

  arm(options.connectTimeoutMs);
  try {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: `Bearer ${options.token}`, accept: 'text/event-stream' },
        cache: 'no-store',
        signal,
      });
    } catch (error) {
      throw lost(error);
    }
    if (!response.ok) throw await apiErrorFromResponse(response, request);
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith('text/event-stream') || !response.body) {
      await response.body?.cancel();
      throw new ApiError({
        status: response.status,
        code: 'unexpected_response',
        detail: `expected an event stream, got ${type || 'no content type'}`,
        request,
      });
    }
    options.onOpen?.();
    arm(options.idleTimeoutMs);
    await readEvents(response.body, options, request, () => arm(options.idleTimeoutMs)).catch((error) => {
      throw error instanceof ApiError ? error : lost(error);
    });
  } finally {
    clearTimeout(timer);
  }
}

async function readEvents(
  body: ReadableStream<Uint8Array>,
  options: BalanceEventsOptions,
  request: { method: string; url: string; idempotencyKey: undefined },
  onBytes: () => void,
): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new EventStreamParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      onBytes();
      for (const event of parser.push(decoder.decode(value, { stream: true }))) {
        if (event.event !== 'balance') continue;
        const parsed = Balance.safeParse(safeJson(event.data));
        if (!parsed.success) {
          throw new ApiError({
            status: 200,
            code: 'unexpected_response',
            detail: 'a balance event does not match the contract',
            request,
          });
        }
        options.onBalance(parsed.data);
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
