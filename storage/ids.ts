let lastMs = 0;
let counter = 0;
// Random words drawn in blocks: one getRandomValues call per id costs more than the rest of a save.
const pool = new Uint32Array(512);
let poolNext = pool.length;

function randomWord(): number {
  if (poolNext >= pool.length) {
    crypto.getRandomValues(pool);
    poolNext = 0;
  }
  return pool[poolNext++]!;
}

/**
 * A prefixed id that sorts in creation order within this page: `row_…`, `list_…`, `undo_…`.
 * Rows saved in one action share `savedAt`, and the [listId+savedAt+id] index breaks that tie by id,
 * so time-ordered ids keep a saved extraction in page order.
 * @example newId('row') // 'row_lxk2m3a0000g4h7r2qx'
 */
export function newId(prefix: string): string {
  const ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    counter = 0;
  } else {
    counter += 1;
  }
  const time = lastMs.toString(36).padStart(9, '0');
  const sequence = counter.toString(36).padStart(4, '0');
  const tail = randomWord().toString(36).padStart(7, '0') + randomWord().toString(36).padStart(7, '0');
  return `${prefix}_${time}${sequence}${tail}`;
}
