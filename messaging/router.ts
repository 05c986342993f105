import { Message, type MessageType, type Reply, type ResponseOf } from './protocol.ts';

/** One handler per message type; each receives its message already validated. */
export type MessageHandlers = {
  [T in MessageType]: (message: Extract<Message, { type: T }>) => Promise<ResponseOf<T>>;
};

/** Who may talk to the background: the extension's own pages, never a content script or another extension. */
export interface SenderPolicy {
  extensionId: string;
  /** `chrome-extension://<id>/`, as `runtime.getURL('/')` gives it. */
  extensionOrigin: string;
}

/** The parts of `runtime.MessageSender` the policy looks at. */
export interface MessageSender {
  id?: string | undefined;
  url?: string | undefined;
}

/** Whether a message comes from one of the extension's own pages (popup, dashboard, offscreen). */
export function isTrustedSender(sender: MessageSender, policy: SenderPolicy): boolean {
  // A content script shares the extension's id, but its url is the web page's: the url check keeps it out.
  return sender.id === policy.extensionId && sender.url?.startsWith(policy.extensionOrigin) === true;
}

/**
 * Builds a `runtime.onMessage` listener that validates each message, ignores what is untrusted,
 * unknown or malformed, and answers the rest with its handler's result.
 */
export function createMessageRouter(
  handlers: MessageHandlers,
  policy: SenderPolicy,
): (message: unknown, sender: MessageSender, sendResponse: (reply: Reply) => void) => boolean {
  return (message, sender, sendResponse) => {
    if (!isTrustedSender(sender, policy)) return false;
    const parsed = Message.safeParse(message);
    if (!parsed.success) {
      console.warn('lasso: ignored a malformed or unknown message', parsed.error.issues);
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
