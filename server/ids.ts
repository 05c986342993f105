import { randomBytes } from 'node:crypto';

/** A random id with a readable prefix (`usr_…`, `hold_…`), so a wrong-id bug shows in any log line. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}
