import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPage } from '../../../../services/enrichment/fetch-page.ts';

let server: Server;
let base: string;
const requests: Array<{ url: string; accept: string | undefined }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', accept: request.headers.accept });
    switch (request.url) {
      case '/latin1':
        response.writeHead(200, { 'content-type': 'text/html; charset=windows-1252' });
        return response.end(Buffer.from('<h1>Jos\xe9 Garc\xeda</h1>', 'latin1'));
      case '/meta-charset':
        response.writeHead(200, { 'content-type': 'text/html' });
        return response.end(Buffer.from('<meta charset="iso-8859-1"><h1>Zo\xeb</h1>', 'latin1'));
      case '/utf8':
        response.writeHead(200, { 'content-type': 'application/xhtml+xml' });
        return response.end('<h1>Zoë 👩‍💻</h1>');
      case '/declared-huge':
        // Says how big it is up front: refused before a byte of the body is read.
        response.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50 * 1024 * 1024) });
        return response.write('<html>');
      case '/no-type':
        return response.end('<h1>Ada</h1>');
      case '/a':
        response.writeHead(302, { location: '/b' });
        return response.end();
      case '/b':
        response.writeHead(301, { location: '/utf8' });
        return response.end();
      case '/gone':
        response.writeHead(410);
        return response.end();
      default:
        response.writeHead(500, { 'content-type': 'text/html' });
        return response.end('oops');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const read = (path: string, bytesMax?: number) =>
  fetchPage(`${base}${path}`, {
    fetch,
    signal: new AbortController().signal,
    timeoutMs: 2000,
    ...(bytesMax !== undefined && { bytesMax }),
  });

describe('fetchPage', () => {
  it('decodes the charset the server names', async () => {
    expect(await read('/latin1')).toMatchObject({ ok: true, html: '<h1>José García</h1>' });
  });

  it('decodes the charset a <meta> names when the header does not', async () => {
    expect(await read('/meta-charset')).toMatchObject({ ok: true, html: expect.stringContaining('Zoë') });
  });

  it('reads XHTML as UTF-8 by default, and asks for HTML', async () => {
    expect(await read('/utf8')).toMatchObject({ ok: true, html: '<h1>Zoë 👩‍💻</h1>' });
    expect(requests.find((r) => r.url === '/utf8')?.accept).toMatch(/^text\/html/);
  });

  it('follows a chain of redirects and reports where it ended', async () => {
    expect(await read('/a')).toMatchObject({ ok: true, finalUrl: `${base}/utf8` });
  });

  it.each([
    ['/gone', 'The page answered 410'],
    ['/oops', 'The page answered 500'],
    ['/no-type', 'The page is not HTML (no content type)'],
  ])('explains why %s cannot be used', async (path, reason) => {
    expect(await read(path)).toEqual({ ok: false, reason });
  });

  it('refuses a page that announces more than the cap, without waiting for its body', async () => {
    // The body never ends: waiting for it would end in the timeout's reason instead.
    expect(await read('/declared-huge')).toEqual({ ok: false, reason: 'The page is larger than 5 MB' });
  });
});
