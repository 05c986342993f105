import { z } from 'zod';
import { type Connection, LIVE_PORT_NAME, type LiveUpdate } from './live.ts';
import { isTrustedSender, type MessageSender, type SenderPolicy } from './router.ts';

/** What pages may send over the live port; anything else is ignored. */
export const LivePortMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }).strict(),
  z.object({ type: z.literal('retry') }).strict(),
]);

/** The parts of `runtime.Port` the hub uses. */
export interface LivePort {
  name: string;
  sender?: MessageSender | undefined;
  postMessage(message: LiveUpdate): void;
  disconnect(): void;
  onMessage: { addListener(callback: (message: unknown) => void): void };
  onDisconnect: { addListener(callback: () => void): void };
}

export interface LiveHubOptions {
  policy: SenderPolicy;
  /** The connection to tell a page as soon as it connects. */
  current(): Connection;
  /** The first page opened a port: start following the balance. */
  onFirstOpen(): void;
  /** The last page closed its port: stop. */
  onLastClose(): void;
  /** A page asked to reconnect now. */
  onRetry(): void;
}

export interface LiveHub {
  /** A `runtime.onConnect` listener: keeps live ports from the extension's own pages, drops the rest. */
  accept(port: LivePort): void;
  broadcast(connection: Connection): void;
  readonly openPorts: number;
}

/** The background's side of the live ports: who listens, and what they are told. */
export function createLiveHub(options: LiveHubOptions): LiveHub {
  const ports = new Set<LivePort>();

  function post(port: LivePort, update: LiveUpdate) {
    try {
      port.postMessage(update);
    } catch {
      // The page went away between two events; its onDisconnect removes it.
    }
  }

  return {
    accept(port) {
      if (port.name !== LIVE_PORT_NAME) return;
      if (!isTrustedSender(port.sender ?? {}, options.policy)) {
        port.disconnect();
        return;
      }
      ports.add(port);
      port.onDisconnect.addListener(() => {
        if (ports.delete(port) && ports.size === 0) options.onLastClose();
      });
      port.onMessage.addListener((message) => {
        const parsed = LivePortMessage.safeParse(message);
        if (parsed.success && parsed.data.type === 'retry') options.onRetry();
        // `ping` needs no answer: receiving it is what keeps the worker alive.
      });
      post(port, { type: 'connection', connection: options.current() });
      if (ports.size === 1) options.onFirstOpen();
    },
    broadcast(connection) {
      for (const port of ports) post(port, { type: 'connection', connection });
    },
    get openPorts() {
      return ports.size;
    },
  };
}
