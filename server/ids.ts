import { randomBytes } from 'node:crypto';

const ID_BYTES = 12;
/**
 * Random bytes for this many ids are drawn at once: each draw is a call into OpenSSL that cost about
 * 30 µs on the spend path (a CPU profile of the API under load), a slice of the pool well under 1 µs.
 * Ids are not secrets (tokens draw their own bytes), so holding a few kB of future ids costs nothing.
 */
const IDS_PER_DRAW = 256;

let pool = Buffer.alloc(0);
let used = 0;

function idBytes(): Buffer {
  if (used === pool.length) {
    pool = randomBytes(ID_BYTES * IDS_PER_DRAW);
    used = 0;
  }
  used += ID_BYTES;
  return pool.subarray(used - ID_BYTES, used);
}

/** A random id with a readable prefix (`usr_…`, `hold_…`), so a wrong-id bug shows in any log line. */
export function newId(prefix: string): string {
  return `${prefix}_${idBytes().toString('base64url')}`;
}
