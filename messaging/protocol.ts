import { z } from 'zod';

/**
 * Every message the extension's pages may send to the background, one schema per `type`.
 * The background parses each message with these before acting on it: a message is untrusted input.
 */
export const ApiHealthMessage = z.object({ type: z.literal('api.health') }).strict();

export const Message = z.discriminatedUnion('type', [ApiHealthMessage]);
export type Message = z.infer<typeof Message>;
export type MessageType = Message['type'];

/** What the background knows about the billing API after asking `GET /healthz`. */
export type ApiStatus =
  | { ok: true; apiUrl: string; db: 'pglite' | 'postgres' }
  | {
      ok: false;
      apiUrl: string;
      /** `unreachable`/`timeout`: no answer; `error`: it answered, with an error. */
      reason: 'unreachable' | 'timeout' | 'error';
      error: string;
    };

/** The answer to each message type. */
export interface Responses {
  'api.health': ApiStatus;
}

/** The answer to one message type. */
export type ResponseOf<T extends MessageType> = Responses[T];

/**
 * What travels back over `runtime.sendMessage`: the handler's value, or the message of the bug that
 * stopped it (expected failures are values inside `value`).
 */
export type Reply<T extends MessageType = MessageType> = { value: ResponseOf<T> } | { error: string };
