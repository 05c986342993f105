/**
 * Reads one profile page from the background worker: an explicit timeout, the job's cancel honoured,
 * redirects followed (the final URL recorded), only HTML, and never more than a size cap.
 * Every failure is a value with a reason a person understands; nothing here throws.
 */

export const PAGE_TIMEOUT_MS_DEFAULT = 20_000;
export const PAGE_BYTES_MAX_DEFAULT = 5 * 1024 * 1024;

export interface FetchPageOptions {
  fetch: typeof fetch;
  /** Aborted when the user cancels: the read stops at once and answers `cancelled`. */
  signal: AbortSignal;
  timeoutMs?: number;
  bytesMax?: number;
}

export type PageFetch =
  | { ok: true; finalUrl: string; html: string }
  | { ok: false; reason: string; cancelled?: true };

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/**
 * Fetches `url` as an anonymous visitor and returns its HTML, or why it could not be read.
 * @example
 * const page = await fetchPage('https://example.org/ada', { fetch, signal, timeoutMs: 20_000 });
 */
export async function fetchPage(url: string, options: FetchPageOptions): Promise<PageFetch> {
  const timeoutMs = options.timeoutMs ?? PAGE_TIMEOUT_MS_DEFAULT;
  const bytesMax = options.bytesMax ?? PAGE_BYTES_MAX_DEFAULT;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  // The timeout covers the whole read, body included: a page that trickles in is as stuck as a silent one.
  const signal = AbortSignal.any([options.signal, timeout.signal]);
  const failure = (error: unknown): PageFetch => {
    if (options.signal.aborted) return { ok: false, reason: 'Cancelled', cancelled: true };
    if (timeout.signal.aborted)
      return { ok: false, reason: `The page did not answer within ${seconds(timeoutMs)}` };
    return { ok: false, reason: `The page could not be reached (${networkReason(error)})` };
  };
  try {
    const response = await options.fetch(url, {
      signal,
      redirect: 'follow',
      // The user's own session on that site is not ours to use: the page answers as to any visitor.
      credentials: 'omit',
      headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1' },
    });
    const finalUrl = response.url || url;
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, reason: `The page answered ${response.status}` };
    }
    const contentType = response.headers.get('content-type') ?? '';
    const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!HTML_TYPES.has(mediaType)) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, reason: `The page is not HTML (${mediaType || 'no content type'})` };
    }
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > bytesMax) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, reason: tooBig(bytesMax) };
    }
    const bytes = await readCapped(response, bytesMax);
    if (bytes === undefined) return { ok: false, reason: tooBig(bytesMax) };
    return { ok: true, finalUrl, html: decode(bytes, contentType) };
  } catch (error) {
    return failure(error);
  } finally {
    clearTimeout(timer);
  }
}

/** The body, or undefined once it passes `bytesMax` (the rest is not downloaded). */
async function readCapped(response: Response, bytesMax: number): Promise<Uint8Array | undefined> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > bytesMax) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** The charset of the Content-Type header, else of a `<meta charset>` near the top, else UTF-8. */
function decode(bytes: Uint8Array, contentType: string): string {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const label =
    /charset="?([\w-]+)/i.exec(contentType)?.[1] ?? /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
  try {
    return new TextDecoder(label ?? 'utf-8').decode(bytes);
  } catch {
    // An unknown label: UTF-8 is what most pages are anyway.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function tooBig(bytesMax: number): string {
  return `The page is larger than ${Math.round(bytesMax / (1024 * 1024))} MB`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Chrome says only "Failed to fetch"; Node's fetch keeps the socket error (ENOTFOUND…) one level down. */
function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = error.cause instanceof Error ? error.cause.message : undefined;
  return inner ? `${error.message}: ${inner}` : error.message;
}
