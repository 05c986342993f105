import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { ReadPersonMessage, type ReadPersonReply } from '../../../../messaging/offscreen.ts';
import {
  createOffscreenReader,
  type OffscreenApis,
} from '../../../../services/enrichment/offscreen-reader.ts';
import { readPersonFromHtml } from '../../../../services/enrichment/read-person.ts';

const PAGE =
  '<html><head><title>Ada Lovelace</title></head><body><h1>Ada Lovelace</h1><p>Analyst</p></body></html>';
const parser = new new JSDOM('').window.DOMParser();

/**
 * chrome.offscreen as Chrome enforces it: one document per extension, a second createDocument throws.
 * The document answers as entrypoints/offscreen/main.ts does: it validates, then runs the reader.
 */
function fakeChrome(options: { open?: boolean; answer?: (message: unknown) => unknown } = {}) {
  let open = options.open ?? false;
  const created: string[] = [];
  const apis: OffscreenApis = {
    documentUrl: 'chrome-extension://abc/offscreen.html',
    hasDocument: async () => open,
    createDocument: async ({ url, reasons }) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (open) throw new Error('Only a single offscreen document may be created.');
      expect(reasons).toEqual(['DOM_PARSER']);
      created.push(url);
      open = true;
    },
    sendMessage: async (message) => {
      if (!open) return undefined;
      if (options.answer) return options.answer(message);
      const { html, url, name } = ReadPersonMessage.parse(message);
      const reply: ReadPersonReply = {
        value: readPersonFromHtml(html, { url, ...(name && { name }) }, parser),
      };
      return reply;
    },
  };
  return { apis, created };
}

describe('createOffscreenReader', () => {
  it('creates one document for rows read at the same time, and reads each page in it', async () => {
    const chrome = fakeChrome();
    const reader = createOffscreenReader(chrome.apis);

    const reads = await Promise.all(
      [1, 2, 3, 4].map(() =>
        reader.readPerson(PAGE, { url: 'https://example.org/ada', name: 'Ada Lovelace' }),
      ),
    );

    expect(chrome.created).toEqual(['chrome-extension://abc/offscreen.html']);
    expect(reads.map((r) => r.ok && r.profile.title)).toEqual(['Analyst', 'Analyst', 'Analyst', 'Analyst']);
  });

  it('reuses a document that is already open', async () => {
    const chrome = fakeChrome({ open: true });

    await createOffscreenReader(chrome.apis).readPerson(PAGE, { url: 'https://example.org/ada' });

    expect(chrome.created).toEqual([]);
  });

  it('passes on the document’s error as a failure of that row', async () => {
    const chrome = fakeChrome({ answer: () => ({ error: 'boom' }) });

    await expect(
      createOffscreenReader(chrome.apis).readPerson(PAGE, { url: 'https://e.org/' }),
    ).rejects.toThrow('boom');
  });

  it('fails clearly when nothing answers', async () => {
    const chrome = fakeChrome({ answer: () => undefined });

    await expect(
      createOffscreenReader(chrome.apis).readPerson(PAGE, { url: 'https://e.org/' }),
    ).rejects.toThrow('the page reader did not answer');
  });
});
