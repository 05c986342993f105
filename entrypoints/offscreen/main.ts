// The offscreen document (chrome.offscreen, reason DOM_PARSER): the service worker has no DOMParser,
// so enrichment sends each fetched page here to be parsed and read by the extraction engine. Thin:
// validate the message and its sender, run the pure reader, answer with plain data.
import { browser } from 'wxt/browser';
import { ReadPersonMessage, type ReadPersonReply } from '../../messaging/offscreen.ts';
import { isTrustedSender } from '../../messaging/router.ts';
import { readPersonFromHtml } from '../../services/enrichment/read-person.ts';

const policy = { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') };
const parser = new DOMParser();

browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Every runtime message of the extension's pages reaches this document too: those are the
  // background's to answer, so anything not addressed here is left alone, without a word.
  if ((message as { target?: unknown } | null)?.target !== 'offscreen') return false;
  if (!isTrustedSender(sender, policy)) return false;
  const parsed = ReadPersonMessage.safeParse(message);
  if (!parsed.success) {
    console.warn('lasso: ignored a malformed message to the offscreen document', parsed.error.issues);
    return false;
  }
  const { html, url, name } = parsed.data;
  let reply: ReadPersonReply;
  try {
    reply = { value: readPersonFromHtml(html, { url, ...(name !== undefined && { name }) }, parser) };
  } catch (error) {
    reply = { error: error instanceof Error ? error.message : String(error) };
  }
  sendResponse(reply);
  return false;
});
