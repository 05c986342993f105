// The contract between the background and the offscreen document it creates to parse fetched pages
// (entrypoints/offscreen/). Kept apart from protocol.ts: these messages go the other way (background →
// offscreen), and the background's own router never sees them.
import { z } from 'zod';
import type { PersonRead } from '../services/enrichment/read-person.ts';

/** Where WXT puts the unlisted page `entrypoints/offscreen/index.html`. */
export const OFFSCREEN_PATH = '/offscreen.html';

/** A page decoded from at most 5 MB (fetch-page.ts) has at most as many characters, with room to spare. */
const HTML_CHARS_MAX = 6 * 1024 * 1024;

/** Parse `html` (fetched from `url`, after redirects) and find the person, the row's `name` if given. */
export const ReadPersonMessage = z
  .object({
    target: z.literal('offscreen'),
    type: z.literal('offscreen.readPerson'),
    html: z.string().max(HTML_CHARS_MAX),
    url: z.string().max(8192),
    name: z.string().max(500).optional(),
  })
  .strict();
export type ReadPersonMessage = z.infer<typeof ReadPersonMessage>;

/** The offscreen document's answer: the engine's result, or the message of the bug that stopped it. */
export type ReadPersonReply = { value: PersonRead } | { error: string };
