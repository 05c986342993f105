// The offscreen document (chrome.offscreen, reason DOM_PARSER): the service worker has no DOMParser,
// so enrichment sends each fetched page here to be parsed and read by the extraction engine. Thin:
// the listener validates the message and its sender, the pure reader does the rest.
import { browser } from 'wxt/browser';
import { createOffscreenListener } from '../../messaging/offscreen.ts';
import { readPersonFromHtml } from '../../services/enrichment/read-person.ts';

const parser = new DOMParser();

browser.runtime.onMessage.addListener(
  createOffscreenListener({
    policy: { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') },
    read: (html, options) => readPersonFromHtml(html, options, parser),
  }),
);
