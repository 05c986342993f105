// The contract between the background and the offscreen document it creates to parse fetched pages
// (entrypoints/offscreen/). Kept apart from protocol.ts: these messages go the other way (background →
// offscreen), and the background's own router never sees them.
import { z } from 'zod';
import type { PersonRead, ReadPersonOptions } from '../services/enrichment/read-person.ts';
import { isTrustedSender, type MessageSender, type SenderPolicy } from './router.ts';

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

/**
 * The offscreen document's `runtime.onMessage` listener: answers `offscreen.readPerson` from the
 * extension itself (the background) with `read`'s result, and leaves every other message alone.
 */
export function createOffscreenListener(deps: {
  policy: SenderPolicy;
  read: (html: string, options: ReadPersonOptions) => PersonRead;
}): (message: unknown, sender: MessageSender, sendResponse: (reply: ReadPersonReply) => void) => false {
  return (message, sender, sendResponse) => {
    // Every runtime message of the extension's pages reaches this document too: those are the
    // background's to answer, so anything not addressed here is left alone, without a word.
    if ((message as { target?: unknown } | null)?.target !== 'offscreen') return false;
    if (!isTrustedSender(sender, deps.policy)) return false;
    const parsed = ReadPersonMessage.safeParse(message);
    if (!parsed.success) {
      console.warn('lasso: ignored a malformed message to the offscreen document', parsed.error.issues);
      return false;
    }
    const { html, url, name } = parsed.data;
    try {
      sendResponse({ value: deps.read(html, { url, ...(name !== undefined && { name }) }) });
    } catch (error) {
      sendResponse({ error: error instanceof Error ? error.message : String(error) });
    }
    // Answered before returning: the channel need not stay open.
    return false;
  };
}
