/**
 * Letting the page breathe during a long export: work is done in chunks, and between chunks the writer
 * yields to the event loop (so clicks, scrolling and a progress bar keep working) and reports progress.
 */

export interface ExportProgress {
  /** 'rows': building cells; 'writing': the library packs the file (xlsx only). */
  phase: 'rows' | 'writing';
  done: number;
  total: number;
}

export interface ChunkOptions {
  /** Rows per chunk between yields (default 2000). */
  chunkRows?: number;
  onProgress?: (progress: ExportProgress) => void;
  /** Aborting stops the export at the next chunk with the signal's reason. */
  signal?: AbortSignal;
}

export const CHUNK_ROWS_DEFAULT = 2000;

type SchedulerLike = { yield?: () => Promise<void> };

/**
 * Resolves on a later turn of the event loop: `scheduler.yield()` where the browser has it, else a
 * MessageChannel message (unlike setTimeout, not clamped to 4 ms), else setTimeout.
 */
export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: SchedulerLike }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Calls `each(start, end)` over [0, total) in chunks, yielding and reporting progress between chunks.
 */
export async function inChunks(
  total: number,
  opts: ChunkOptions,
  each: (start: number, end: number) => void,
): Promise<void> {
  const size = Math.max(1, opts.chunkRows ?? CHUNK_ROWS_DEFAULT);
  opts.onProgress?.({ phase: 'rows', done: 0, total });
  for (let start = 0; start < total; start += size) {
    opts.signal?.throwIfAborted();
    const end = Math.min(total, start + size);
    each(start, end);
    opts.onProgress?.({ phase: 'rows', done: end, total });
    if (end < total) await yieldToEventLoop();
  }
  opts.signal?.throwIfAborted();
}
