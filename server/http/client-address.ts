import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The address of the client's connection, or 'unknown' when the request came without a socket
 * (`app.request` in tests). Forwarded headers are ignored: a client could set them to anything.
 */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
