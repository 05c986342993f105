/**
 * The background's side of the offscreen document: makes sure exactly one exists (Chrome allows one
 * per extension, and rows are enriched several at once), then has it read each fetched page.
 */
import type { ReadPersonMessage, ReadPersonReply } from '../../messaging/offscreen.ts';
import type { PersonRead, ReadPersonOptions } from './read-person.ts';

/** The parts of `chrome.offscreen` and `chrome.runtime` used here. */
export interface OffscreenApis {
  /** The document's full URL, `runtime.getURL(OFFSCREEN_PATH)` (messaging/offscreen.ts). */
  documentUrl: string;
  /** Whether the offscreen document is open (`runtime.getContexts` with type OFFSCREEN_DOCUMENT). */
  hasDocument(): Promise<boolean>;
  createDocument(parameters: { url: string; reasons: ['DOM_PARSER']; justification: string }): Promise<void>;
  sendMessage(message: ReadPersonMessage): Promise<unknown>;
}

export interface OffscreenReader {
  readPerson(html: string, options: ReadPersonOptions): Promise<PersonRead>;
}

/**
 * Creates the reader; the document is created on first use and reused while it stays open.
 * @example
 * const reader = createOffscreenReader(browserOffscreenApis());
 * const read = await reader.readPerson(html, { url: finalUrl, name: row.name });
 */
export function createOffscreenReader(apis: OffscreenApis): OffscreenReader {
  let opening: Promise<void> | undefined;

  async function open(): Promise<void> {
    if (await apis.hasDocument()) return;
    try {
      await apis.createDocument({
        url: apis.documentUrl,
        reasons: ['DOM_PARSER'],
        justification: 'Read the profile pages Lasso fetches to enrich the rows of a list',
      });
    } catch (error) {
      // Another caller (a page of ours, a previous worker's request) opened it in between: use it.
      if (await apis.hasDocument()) return;
      throw error;
    }
  }

  /** One creation at a time: concurrent rows wait on the same one instead of racing to a second. */
  function ensureDocument(): Promise<void> {
    opening ??= open().finally(() => {
      opening = undefined;
    });
    return opening;
  }

  return {
    async readPerson(html, options) {
      await ensureDocument();
      const message: ReadPersonMessage = {
        target: 'offscreen',
        type: 'offscreen.readPerson',
        html,
        url: options.url,
        ...(options.name !== undefined && { name: options.name }),
      };
      const reply = (await apis.sendMessage(message)) as ReadPersonReply | undefined;
      if (!reply) throw new Error('the page reader did not answer');
      if ('error' in reply) throw new Error(reply.error);
      return reply.value;
    },
  };
}
