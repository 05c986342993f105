import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../support/test-app.ts';
import { balanceOf, expectLedgerInvariant, grant, signUp, spend, subscribe } from '../../support/billing.ts';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await app.close();
});

it('smoke', async () => {
  const user = await signUp(app);
  console.log(await balanceOf(app, user));
  await grant(app, { users: user.id }, 30);
  await subscribe(app, { users: user.id }, { creditsPerCycle: 100, interval: 'month' });
  const r = await spend(app, user, { action: 'page_scrape', quantity: 120 });
  console.log(r.status, JSON.stringify(await r.json()));
  const r2 = await spend(app, user, { action: 'page_scrape', quantity: 100 });
  console.log(r2.status, JSON.stringify(await r2.json()));
  await expectLedgerInvariant(app);
});
