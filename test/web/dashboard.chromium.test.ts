import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import type { Database } from '../../src/db/database.js';
import { raiseAlert } from '../../src/sync/store/changes.js';
import { call, makeTokens, seedPartner, serveApi, START, type PartnerIds, type Served, type Tokens } from '../api/helpers.js';
import { testEngines } from '../helpers/database.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does)`;
const OUTPUT = join(process.cwd(), 'test-output');

for (const engine of testEngines()) {
  describe(`the dashboard in Chromium (${engine.name})`, { skip }, () => {
    let db: Database;
    let served: Served;
    let a: PartnerIds;
    let tokens: Tokens;
    let context: BrowserContext;
    let profile: string;

    before(async () => {
      db = await engine.open();
      a = await seedPartner(db, 'Alpha', 12);
      const b = await seedPartner(db, 'Beta', 5);
      tokens = await makeTokens(db, a.partnerId, b.partnerId);
      // An hour before the seeded races start: race morning. The clock moves on in real time and never
      // back, so a race made due by "Sync now" is still due when the test asks a moment later.
      const startedAt = Date.now();
      const now = () => new Date(START.getTime() - 3_600_000 + (Date.now() - startedAt));
      served = await serveApi(db, { now });
      profile = mkdtempSync(join(tmpdir(), 'p88-chromium-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
          '--disable-component-update', '--disable-sync'],
        viewport: { width: 1400, height: 1000 },
      });
    });
    after(async () => {
      await context?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
      await served?.close();
      await db?.close();
    });

    it('logs in with an admin token only, and keeps it in an HttpOnly, SameSite=Strict cookie', async () => {
      const page = await context.newPage();
      await page.goto(`${served.url}/`);
      assert.ok(page.url().endsWith('/login'));
      await page.fill('input[name=token]', tokens.a);
      await page.click('button[type=submit]');
      assert.match(await page.textContent('body') ?? '', /not a valid admin token/);
      await page.fill('input[name=token]', tokens.admin);
      await page.click('button[type=submit]');
      await page.waitForURL(`${served.url}/`);
      const [cookie] = await context.cookies();
      assert.equal(cookie!.name, 'p88_session');
      assert.equal(cookie!.httpOnly, true);
      assert.equal(cookie!.sameSite, 'Strict');
      await page.close();
    });

    it('shows partners, connections, race-day races, failures and alerts; refreshes without reloading; syncs now', async () => {
      const page = await context.newPage();
      await page.goto(`${served.url}/`);
      const text = await page.textContent('main') ?? '';
      for (const expected of ['Alpha', 'Beta', 'Partners and connections', 'Alpha 10K', 'HTTP 503 from the provider', 'Network or provider trouble', 'Alpha late', 'No worker is running']) {
        assert.ok(text.includes(expected), `the overview shows "${expected}"`);
      }
      assert.equal(await page.locator('tr.race-day').count(), 2, 'both race-day races stand out');
      await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
      await raiseAlert(db, { timingPartnerId: a.partnerId, connectionId: a.connectionId, targetId: null, kind: 'throttled', message: 'Alpha throttled just now' });
      await page.waitForFunction(() => document.body.textContent!.includes('Alpha throttled just now'), null, { timeout: 10_000 });
      assert.equal(await page.evaluate(() => (window as unknown as { marker: number }).marker), 42, 'refreshed in place, not reloaded');

      const row = page.locator('tr.race-day', { hasText: 'Alpha 10K' });
      await row.locator('button', { hasText: 'Sync now' }).click();
      await row.locator('output', { hasText: /sync (queued|running)/ }).waitFor({ timeout: 5000 });
      const due = await call(served.url, `/v1/targets?state=due&race_id=${a.raceId}`, { token: tokens.admin });
      assert.equal(due.body.data.length, 1, 'the click made the race due now');

      mkdirSync(OUTPUT, { recursive: true });
      await page.screenshot({ path: join(OUTPUT, `dashboard-${engine.name}.png`), fullPage: true });
      await page.close();
    });

    it('has a page per race with its counts and latest changes', async () => {
      const page = await context.newPage();
      await page.goto(`${served.url}/races/${a.raceId}`);
      assert.equal(await page.textContent('h1'), 'Alpha 10K');
      assert.equal(await page.textContent('td[data-count=participants]'), '12');
      assert.match(await page.textContent('main') ?? '', /bib_assigned/);
      await page.screenshot({ path: join(OUTPUT, `race-${engine.name}.png`), fullPage: true });
      await page.close();
    });

    it('logs out: the next page is the login form', async () => {
      const page = await context.newPage();
      await page.goto(`${served.url}/`);
      await page.click('header button');
      await page.waitForURL(`${served.url}/login`);
      await page.goto(`${served.url}/`);
      assert.ok(page.url().endsWith('/login'));
      await page.close();
    });
  });
}
