import { describe, expect, it } from 'vitest';
import { CONTENT_SCRIPT_MESSAGES, Message } from '../../../messaging/protocol.ts';

describe('extraction messages', () => {
  it.each([
    [{ type: 'extract.page', tabId: 7 }, true],
    [{ type: 'extract.last', tabId: 7, url: 'https://acme.example/team/' }, true],
    [{ type: 'extract.last', tabId: 7 }, true],
    [{ type: 'extract.page', tabId: -1 }, false],
    [{ type: 'extract.page', tabId: 1.5 }, false],
    [{ type: 'extract.page' }, false],
    [{ type: 'extract.page', tabId: 7, limit: 1000 }, false],
    [{ type: 'extract.last', tabId: 7, url: 'x'.repeat(10_000) }, false],
  ])('%j is accepted: %s', (message, valid) => {
    expect(Message.safeParse(message).success).toBe(valid);
  });

  it('are not for the content script: it returns its data through executeScript and sends nothing', () => {
    expect([...CONTENT_SCRIPT_MESSAGES]).toEqual([]);
  });
});
