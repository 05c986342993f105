import net from 'node:net';
import type { Outcome } from './load.ts';

const HEAD_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;
const CHUNKED = /\r\ntransfer-encoding:[ \t]*[^\r]*chunked/i;
const CONNECTION_CLOSE = /\r\nconnection:[ \t]*close/i;

/** A response as far as the load loops care: its status and, when asked for, its body. */
interface Response {
  status: number;
  body: Buffer;
  close: boolean;
}

/**
 * Splits one complete response off the front of `data`; undefined while it is still incomplete.
 * Understands what a Node server sends: a Content-Length body, a chunked body or none at all.
 */
export function parseResponse(data: Buffer): { response: Response; rest: Buffer } | undefined {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd < 0) return undefined;
  const head = data.toString('latin1', 0, headEnd);
  const status = Number(head.slice(9, 12));
  if (!(status >= 100 && status < 600)) throw new Error(`not an HTTP response: ${head.slice(0, 40)}`);
  const close = CONNECTION_CLOSE.test(head);
  let offset = headEnd + HEAD_END.length;
  if (CHUNKED.test(head)) {
    const chunks: Buffer[] = [];
    for (;;) {
      const lineEnd = data.indexOf('\r\n', offset, 'latin1');
      if (lineEnd < 0) return undefined;
      const size = Number.parseInt(data.toString('latin1', offset, lineEnd), 16);
      if (Number.isNaN(size)) throw new Error('malformed chunk size');
      const chunkEnd = lineEnd + 2 + size;
      if (data.length < chunkEnd + 2) return undefined;
      if (size === 0) {
        // No trailers from the servers measured here: the terminating chunk ends with one CRLF.
        return {
          response: { status, body: Buffer.concat(chunks), close },
          rest: data.subarray(chunkEnd + 2),
        };
      }
      chunks.push(data.subarray(lineEnd + 2, chunkEnd));
      offset = chunkEnd + 2;
    }
  }
  const length = Number(CONTENT_LENGTH.exec(head)?.[1] ?? 0);
  if (data.length < offset + length) return undefined;
  return {
    response: { status, body: data.subarray(offset, offset + length), close },
    rest: data.subarray(offset + length),
  };
}

interface Pending {
  resolve(response: Response): void;
  reject(error: Error): void;
}

/** One keep-alive connection carrying one request at a time. */
class Connection {
  private socket: net.Socket | undefined;
  private pending: Pending | undefined;
  private received: Buffer = Buffer.alloc(0);
  /** Responses received on the current socket. */
  private answered = 0;
  /** Whether part of the pending request's response has arrived. */
  private partial = false;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /**
   * Sends `request` and resolves to its response. A server closes idle keep-alive connections (Node's
   * after 5 s) and may do so just as a request goes out on one: like node:http's Agent, the request is
   * then sent once more on a fresh connection, if nothing of its response had arrived.
   */
  async send(request: Buffer): Promise<Response> {
    const reused = this.socket !== undefined && this.answered > 0;
    try {
      return await this.attempt(request);
    } catch (error) {
      if (!reused || this.partial) throw error;
      return this.attempt(request);
    }
  }

  private attempt(request: Buffer): Promise<Response> {
    if (this.pending) return Promise.reject(new Error('one request at a time per connection'));
    const socket = this.socket ?? this.connect();
    this.partial = false;
    return new Promise<Response>((resolve, reject) => {
      this.pending = { resolve, reject };
      socket.write(request);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connect(): net.Socket {
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true });
    this.received = Buffer.alloc(0);
    this.answered = 0;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = (error: Error) => {
      // A socket this connection already let go of (see close()) has no request of its own.
      if (this.socket !== socket) return;
      this.socket = undefined;
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed before the response ended')));
    this.socket = socket;
    return socket;
  }

  private onData(chunk: Buffer): void {
    this.partial = true;
    this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk]);
    let parsed: ReturnType<typeof parseResponse>;
    try {
      parsed = parseResponse(this.received);
    } catch (error) {
      this.socket?.destroy(error as Error);
      return;
    }
    if (!parsed) return;
    this.received = parsed.rest;
    this.answered += 1;
    const pending = this.pending;
    this.pending = undefined;
    if (parsed.response.close) this.close();
    pending?.resolve(parsed.response);
  }
}

/**
 * A loopback HTTP/1.1 client for the load loops: one keep-alive socket per client, each request
 * written as one buffer, each response parsed only as far as its status and end. The load generator
 * shares the machine's two cores with the servers it measures, so it must cost them as little CPU as
 * it can; node:http's client spent about twice the CPU per request (bench/README.md has the figures).
 */
export class LoopbackClient {
  private readonly connections: Connection[];
  private readonly hostHeader: string;
  /** One response body per failing status, for the progress log. */
  readonly samples = new Map<number, string>();

  constructor(baseUrl: string, clients: number) {
    const url = new URL(baseUrl);
    this.hostHeader = url.host;
    this.connections = Array.from({ length: clients }, () => new Connection(url.hostname, Number(url.port)));
  }

  /**
   * Client `client` POSTs `body` (JSON) to `path` on its own connection; the outcome is `true` for
   * `expectStatus`, else `HTTP <status>`.
   */
  async post(
    client: number,
    path: string,
    body: string,
    headers: Record<string, string>,
    expectStatus = 201,
  ): Promise<Outcome> {
    let head = `POST ${path} HTTP/1.1\r\nhost: ${this.hostHeader}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
    for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
    const response = await this.connections[client]!.send(Buffer.from(`${head}\r\n${body}`));
    if (response.status === expectStatus) return true;
    if (!this.samples.has(response.status)) {
      this.samples.set(response.status, response.body.toString('utf8').slice(0, 300));
    }
    return `HTTP ${response.status}`;
  }

  close(): void {
    for (const connection of this.connections) connection.close();
  }
}
