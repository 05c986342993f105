import http from 'node:http';
import type { Outcome } from './load.ts';

/**
 * A loopback HTTP client for the load loops: node:http over a keep-alive Agent with one socket per
 * client, so every client keeps its own connection for the whole measurement.
 */
export class LoopbackClient {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;
  /** One response body per failing status, for the progress log. */
  readonly samples = new Map<number, string>();

  constructor(baseUrl: string, clients: number) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: clients, maxFreeSockets: clients });
  }

  /** POSTs `body` (JSON) to `path`; the outcome is `true` for `expectStatus`, else `HTTP <status>`. */
  post(path: string, body: string, headers: Record<string, string>, expectStatus = 201): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          agent: this.agent,
          host: this.host,
          port: this.port,
          path,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...headers,
          },
        },
        (response) => {
          const status = response.statusCode ?? 0;
          const keep = status !== expectStatus && !this.samples.has(status);
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => {
            if (keep) chunks.push(chunk);
          });
          response.on('error', reject);
          response.on('end', () => {
            if (keep) this.samples.set(status, Buffer.concat(chunks).toString('utf8').slice(0, 300));
            resolve(status === expectStatus ? true : `HTTP ${status}`);
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
