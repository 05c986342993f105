import {
  CONTENT_SCRIPT_MESSAGES,
  Message,
  type MessageType,
  type Reply,
  type ResponseOf,
} from './protocol.ts';

/** One handler per message type; each receives its message already validated. */
export type MessageHandlers = {
  [T in MessageType]: (message: Extract<Message, { type: T }>) => Promise<ResponseOf<T>>;
};

/**
 * Who may talk to the background: the extension's own pages, and its own content script for the few
 * message types in `CONTENT_SCRIPT_MESSAGES`; never a web page or another extension.
 */
export interface SenderPolicy {
  extensionId: string;
  /** `chrome-extension://<id>/`, as `runtime.getURL('/')` gives it. */
  extensionOrigin: string;
}

/** The parts of `runtime.MessageSender` the policy looks at. */
export interface MessageSender {
  id?: string | undefined;
  url?: string | undefined;
  /** Set when the sender runs in a tab: a content script (or an extension page opened as a tab). */
  tab?: unknown;
}

/** Whether a message comes from one of the extension's own pages (popup, dashboard, offscreen). */
export function isTrustedSender(sender: MessageSender, policy: SenderPolicy): boolean {
  // A content script shares the extension's id, but its url is the web page's: the url check keeps it out.
  return sender.id === policy.extensionId && sender.url?.startsWith(policy.extensionOrigin) === true;
}

/**
 * `page`: one of the extension's own pages; `content`: the extension's own content script, injected
 * into a web page; undefined: anyone else (other extensions cannot reach us at all without
 * `externally_connectable`, but their id would not match either).
 */
export function senderKind(sender: MessageSender, policy: SenderPolicy): 'page' | 'content' | undefined {
  if (isTrustedSender(sender, policy)) return 'page';
  const onWebPage = /^https?:\/\//.test(sender.url ?? '');
  if (sender.id === policy.extensionId && sender.tab !== undefined && onWebPage) return 'content';
  return undefined;
}

/**
 * Builds a `runtime.onMessage` listener that validates each message and its sender, ignores what is
 * untrusted, unknown or malformed (and what a content script may not send), and answers the rest with
 * its handler's result.
 */
export function createMessageRouter(
  handlers: MessageHandlers,
  policy: SenderPolicy,
): (message: unknown, sender: MessageSender, sendResponse: (reply: Reply) => void) => boolean {
  return (message, sender, sendResponse) => {
    const kind = senderKind(sender, policy);
    if (kind === undefined) return false;
    const parsed = Message.safeParse(message);
    if (!parsed.success) {
      console.warn('lasso: ignored a malformed or unknown message', parsed.error.issues);
      return false;
    }
    // The content script lives inside a hostile page: it may only send what it needs.
    if (kind === 'content' && !CONTENT_SCRIPT_MESSAGES.has(parsed.data.type)) {
      console.warn(`lasso: ignored ${parsed.data.type} from a content script`);
      return false;
    }
    dispatch(handlers, parsed.data).then(sendResponse, (error: unknown) => {
      console.error(`lasso: handler for ${parsed.data.type} failed`, error);
      sendResponse({ error: error instanceof Error ? error.message : String(error) });
    });
    // Keeps the channel open until sendResponse is called asynchronously.
    return true;
  };
}

async function dispatch(handlers: MessageHandlers, message: Message): Promise<Reply> {
  const handler = handlers[message.type] as (message: Message) => Promise<ResponseOf<MessageType>>;
  return { value: await handler(message) };
}
