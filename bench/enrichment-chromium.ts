import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { testConfig } from '../server/config.ts';
import { startServer } from '../server/start.ts';
import { buildExtension, extensionDir, launchWithExtension } from './lib/chromium.ts';
import { emit, log, ratio, round } from './lib/report.ts';

const EXTENSION_DIR = extensionDir('e2e');
/** The API port the bench's e2e build is made for; override when it is taken. */
const API_URL = new URL(process.env.LASSO_BENCH_ENRICH_API_URL || 'http://127.0.0.1:8796');
const HOSTS = 20;
const CONCURRENCY = 3;
const PASSWORD = 'correct horse battery';
const FIRST = [
  'Amara',
  'Bruno',
  'Chen',
  'Dana',
  'Emeka',
  'Farah',
  'Goran',
  'Hana',
  'Ines',
  'Jonas',
  'Kiri',
  'Lena',
  'Mateo',
  'Nadia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tariq',
  'Uma',
  'Viktor',
  'Wen',
  'Ximena',
  'Yusuf',
];
const LAST = [
  'Okafor',
  'Santos',
  'Wei',
  'Levi',
  'Obi',
  'Khan',
  'Novak',
  'Sato',
  'Moreau',
  'Berg',
  'Tane',
  'Fischer',
  'Rossi',
  'Haddad',
  'Said',
  'Nair',
  'Walsh',
  'Diaz',
  'Lund',
  'Aziz',
];
/** A distinct, person-like name per row (the engine looks for a person, not "Person 12"). */
const nameOf = (n: number) =>
  `${FIRST[n % FIRST.length]} ${LAST[Math.floor(n / FIRST.length) % LAST.length]}`;
const PROFILE = readFileSync(path.resolve('tests/fixtures/enrichment/staff-profile.html'), 'utf8');

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

/** `count` page servers on 127.0.0.1; /people/<n> answers the profile of `nameOf(n)`. */
async function startPages(count: number): Promise<{ urls: string[]; close(): Promise<void> }> {
  const servers: Server[] = [];
  for (let i = 0; i < count; i += 1) {
    const server = createServer((request, response) => {
      const n = /^\/people\/(\d+)$/.exec(request.url ?? '')?.[1];
      if (!n) return void response.writeHead(404).end();
      response
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(PROFILE.replaceAll('Amara Okafor', nameOf(Number(n))));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
  }
  return {
    urls: servers.map((s) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`),
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}

async function call<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A user with enough credits for every row (and the baseline's). */
async function richUser(apiUrl: string, operatorToken: string, credits: number) {
  const email = `bench-${randomUUID().slice(0, 8)}@bench-enrich.example`;
  const auth = await call<{ token: string; user: { id: string } }>('POST', `${apiUrl}/v1/auth/signup`, {
    email,
    password: PASSWORD,
  });
  await call(
    'POST',
    `${apiUrl}/v1/ops/users/${auth.user.id}/topups`,
    { credits },
    {
      authorization: `Bearer ${operatorToken}`,
      'idempotency-key': randomUUID(),
    },
  );
  return { email, token: auth.token };
}

/** Imports `urls` as rows of a new list through the dashboard's Import panel; returns the list's row ids. */
async function importRows(page: Page, urls: string[]): Promise<{ listId: string; rowIds: string[] }> {
  const csv = ['Name,Profile URL', ...urls.map((url, i) => `${nameOf(i)},${url}`)].join('\n');
  await page.getByRole('navigation', { name: 'Lists' }).getByLabel('New list name').fill('Bench');
  await page.getByRole('button', { name: 'Create list' }).click();
  await page.getByRole('heading', { name: 'Bench' }).waitFor();
  const panel = page.locator('details', { hasText: 'Import CSV or JSON' });
  await panel.locator('summary').click();
  await panel.getByLabel('File to import').setInputFiles({
    name: 'bench.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await panel.getByLabel('Import into').selectOption('current');
  await panel.getByRole('button', { name: 'Import', exact: true }).click();
  await panel
    .getByRole('status')
    .filter({ hasText: `Imported ${urls.length}` })
    .waitFor({ timeout: 60_000 });
  return page.evaluate(readAll, 'rows').then((rows) => {
    const records = rows as Array<{ id: string; listId: string }>;
    return { listId: records[0]!.listId, rowIds: records.map((r) => r.id) };
  });
}

/** Every record of one store of the extension's IndexedDB (run in the page). */
function readAll(store: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('lasso');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction(store).objectStore(store).getAll();
      request.onsuccess = () => {
        open.result.close();
        resolve(request.result);
      };
      request.onerror = () => reject(request.error);
    };
  });
}

interface JobRow {
  state: string;
  reason?: string;
  startedAt?: number;
  updatedAt: number;
}

/**
 * The service worker's used JS heap, through DevTools: `performance.memory` does not exist in a worker,
 * and Playwright opens CDP sessions on pages only, so the page's session attaches to the worker's target.
 */
async function workerHeapBytes(page: Page, workerUrl: string): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url === workerUrl);
    if (!target) return -1;
    const { sessionId } = await cdp.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    });
    const answer = new Promise<number>((resolve) => {
      cdp.on('Target.receivedMessageFromTarget', (event) => {
        const message = JSON.parse(event.message) as { id?: number; result?: { usedSize: number } };
        if (message.id === 1) resolve(message.result?.usedSize ?? -1);
      });
    });
    await cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }),
    });
    return await Promise.race([answer, new Promise<number>((r) => setTimeout(() => r(-1), 5000))]);
  } finally {
    await cdp.detach();
  }
}

/** hold → GET the page → capture from Node, `CONCURRENCY` rows at once: the work outside Lasso. */
async function bareRows(apiUrl: string, token: string, urls: string[]): Promise<number> {
  const auth = { authorization: `Bearer ${token}` };
  const times: number[] = [];
  let next = 0;
  async function worker() {
    while (next < urls.length) {
      const url = urls[next++]!;
      const started = performance.now();
      const hold = await call<{ holdId: string }>(
        'POST',
        `${apiUrl}/v1/holds`,
        { action: 'enrichment', quantity: 1 },
        {
          ...auth,
          'idempotency-key': randomUUID(),
        },
      );
      await (await fetch(url)).text();
      await call(
        'POST',
        `${apiUrl}/v1/holds/${hold.holdId}/capture`,
        {},
        { ...auth, 'idempotency-key': randomUUID() },
      );
      times.push(performance.now() - started);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return times.reduce((a, b) => a + b, 0) / times.length;
}

export async function runEnrichmentChromiumBench({ quick }: { quick: boolean }): Promise<void> {
  const rows = quick ? 100 : 500;
  await buildExtension('e2e', { LASSO_E2E_API_URL: API_URL.origin });
  const config = testConfig({ host: API_URL.hostname, port: Number(API_URL.port) });
  const api = await startServer(config);
  const pages = await startPages(HOSTS);
  const context = await launchWithExtension(EXTENSION_DIR, { width: 1400, height: 900 });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(worker.url()).host;
    const user = await richUser(API_URL.origin, config.operatorToken!, rows * 3);
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/dashboard.html#lists`);
    await page.evaluate(
      ({ email, password }) => chrome.runtime.sendMessage({ type: 'auth.signIn', email, password }),
      { email: user.email, password: PASSWORD },
    );
    const urls = Array.from({ length: rows }, (_, i) => `${pages.urls[i % HOSTS]}/people/${i}`);
    log(`enrichment: importing ${rows} rows`);
    const { listId, rowIds } = await importRows(page, urls);

    log(`enrichment: enriching ${rows} rows over ${HOSTS} hosts`);
    const started = performance.now();
    await page.evaluate((message) => chrome.runtime.sendMessage(message), {
      type: 'jobs.start',
      kind: 'enrich',
      listId,
      rowIds,
    });
    let jobRows: JobRow[] = [];
    for (;;) {
      const jobs = (await page.evaluate(readAll, 'jobs')) as Array<{ state: string }>;
      if (jobs[0] && (jobs[0].state === 'done' || jobs[0].state === 'cancelled')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const elapsedMs = performance.now() - started;
    jobRows = (await page.evaluate(readAll, 'jobRows')) as JobRow[];
    const done = jobRows.filter((r) => r.state === 'done').length;
    const reasons = new Set(jobRows.flatMap((r) => (r.reason ? [r.reason] : [])));
    if (reasons.size > 0) log(`enrichment: rows not enriched: ${[...reasons].join('; ')}`);
    const rowTimes = jobRows.flatMap((r) => (r.startedAt === undefined ? [] : [r.updatedAt - r.startedAt]));
    const meanRowMs = rowTimes.reduce((a, b) => a + b, 0) / rowTimes.length;
    const heap = await workerHeapBytes(page, worker.url());

    log('enrichment: the same external work bare from Node');
    const baselineMs = await bareRows(API_URL.origin, user.token, urls.slice(0, Math.min(rows, 200)));

    log(
      `enrichment: ${rows} rows (${done} done) in ${round(elapsedMs / 1000)} s = ${round(rows / (elapsedMs / 1000))} rows/s; ` +
        `a row ${round(meanRowMs)} ms in the worker vs ${round(baselineMs)} ms bare; worker heap ${heap} bytes`,
    );
    emit({
      name: 'enrich.bulk',
      rows,
      done,
      ms: Math.round(elapsedMs),
      rowsPerSec: round(rows / (elapsedMs / 1000)),
    });
    emit({
      name: 'enrich.row',
      rows,
      ms: round(meanRowMs),
      baselineMs: round(baselineMs),
      ratio: ratio(meanRowMs, baselineMs),
    });
    emit({ name: 'enrich.overhead', rows, ms: round(meanRowMs - baselineMs) });
    emit({ name: 'enrich.worker.heap', rows, bytes: heap });
  } finally {
    await context.close();
    await pages.close();
    await api.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runEnrichmentChromiumBench({ quick: process.argv.includes('--quick') });
}
