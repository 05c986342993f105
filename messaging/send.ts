import { browser } from 'wxt/browser';
import type { Message, Reply, ResponseOf } from './protocol.ts';

/** Sends a message from an extension page to the background and returns the handler's answer. */
export async function sendToBackground<M extends Message>(message: M): Promise<ResponseOf<M['type']>> {
  const reply = (await browser.runtime.sendMessage(message)) as Reply<M['type']> | undefined;
  if (reply === undefined || reply === null) throw new Error(`the background did not answer ${message.type}`);
  if ('error' in reply) throw new Error(reply.error);
  return reply.value;
}
