import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { recomputeDirty } from '../../src/compute/recompute.js';
import { markMissingDays } from '../../src/compute/sweep.js';
import { touchDevice } from '../../src/devices/registry.js';
import { openDb, type Db } from '../../src/ledger/db.js';
import { migrateLatest } from '../../src/ledger/migrate.js';
import { NOW, emp, seed, testConfig, type Fixture } from '../api/fixture.js';
import { hrApp } from '../periods/support.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('workbench in headless Chromium', function () {
  this.timeout(120_000);
  let db: Db;
  let f: Fixture;
  let server: Server;
  let base: string;
  let browser: Browser;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      if (process.env.CI === 'true') throw new Error(`Chromium is required in CI at ${CHROMIUM}: install the Debian package (apt-get install -y chromium)`);
      console.warn(`    (no Chromium at ${CHROMIUM}: skipping the workbench browser test; apt-get install -y chromium, CI runs it)`);
      this.skip();
    }
    db = openDb(`sqlite:${join(mkdtempSync(join(tmpdir(), 'ab-workbench-')), 'ledger.sqlite')}`);
    await migrateLatest(db);
    f = await seed(db);
    await markMissingDays(db, { from: '2026-03-01', to: '2026-03-31' }, NOW);
    await recomputeDirty(db, { clock: f.clock, policy: testConfig().policy, defaultTimezone: 'Asia/Shanghai' });
    server = await new Promise<Server>((resolve) => {
      const s = hrApp(f.deps).listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    await db?.destroy();
  });

  async function signedIn(token: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-US' })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${base}/workbench#2026-03`);
    assert.equal(new URL(page.url()).pathname, '/workbench/', 'redirected to the directory so relative URLs resolve');
    await page.locator('#token').fill(token);
    await page.locator('#sign-in-button').click();
    await page.locator('#grid button.cell').first().waitFor();
    assert.deepEqual(errors, [], 'no script or CSP errors');
    return page;
  }

  const cell = (page: Page, employee: string, date: string) => page.locator(`#grid button[data-employee="${employee}"][data-date="${date}"]`);

  it('shows HR the month grid, a day’s checkpoints and reasons, and locks the month', async () => {
    const page = await signedIn(f.tokens.hr);
    assert.equal(await cell(page, emp('wang'), '2026-03-03').getAttribute('data-status'), 'exception', 'Wang was 20 minutes late');
    assert.equal(await cell(page, emp('wang'), '2026-03-02').getAttribute('data-status'), 'normal');
    assert.equal(await cell(page, emp('wang'), '2026-03-07').getAttribute('data-status'), 'rest', 'a Saturday');
    assert.equal(await page.locator('#grid tbody tr').count(), 4);
    await cell(page, emp('wang'), '2026-03-03').click();
    await page.locator('#day-reasons li').first().waitFor();
    assert.match(await page.locator('#day-detail').innerText(), /late/);
    assert.ok((await page.locator('#exceptions tbody tr').count()) > 3);
    assert.equal(await page.locator('#period-state').getAttribute('data-state'), 'open');
    assert.ok(await page.locator('#btn-lock').isVisible());
    assert.ok(await page.locator('#btn-lock').isEnabled());
    for (const id of ['#btn-unlock', '#btn-sign-off', '#btn-confirm']) assert.equal(await page.locator(id).isVisible(), false, `${id} is not HR's`);
    await page.screenshot({ path: '/tmp/workbench-grid.png', fullPage: true });

    await page.locator('#btn-lock').click();
    assert.match(await page.locator('#message').innerText(), /reason/i, 'a forced lock asks for a reason first');
    await page.locator('#period-text').fill('payroll 2026-03');
    await page.locator('#btn-lock').click();
    await page.locator('#period-state[data-state="locked"]').waitFor();
    assert.match(await page.locator('#period-locked').innerText(), /locked by hr/);
    assert.ok(await page.locator('#btn-lock').isDisabled());
    const row = await db('periods').where({ org_id: 'default', month: '2026-03' }).first();
    assert.equal(row.state, 'locked');
    await page.screenshot({ path: '/tmp/workbench-locked.png', fullPage: true });

    await page.locator('#lang').click();
    assert.equal(await page.locator('h1').innerText(), '考勤工作台');
    assert.equal(await page.locator('#period-state').innerText(), '已锁定');
    await page.screenshot({ path: '/tmp/workbench-zh.png', fullPage: true });

    await page.locator('#tab-roster').click();
    assert.equal(await page.locator(`#roster td[data-employee="${emp('wang')}"][data-date="2026-03-02"]`).innerText(), 'Day 9-18', 'the roster tab shows the resolved shift');

    await touchDevice(db, 'WB-GATE', '10.0.0.5', NOW);
    await page.locator('#reload').click();
    await page.locator('#tab-devices').click();
    assert.equal(await page.locator('#devices [data-serial="WB-GATE"]').locator('xpath=ancestor::tr').locator('[data-state]').getAttribute('data-state'), 'quarantined', 'the Devices tab lists the device in quarantine');
  });

  it('offers an employee only their own month and the confirm buttons', async () => {
    const page = await signedIn(f.tokens.wang);
    assert.equal(await page.locator('#grid tbody tr').count(), 1);
    assert.equal(await page.locator('#btn-lock').isVisible(), false);
    assert.equal(await page.locator('#department-label').isVisible(), false);
    assert.ok(await page.locator('#btn-confirm').isVisible());
    assert.ok(await page.locator('#btn-confirm').isDisabled(), 'the month is locked');
  });

  it('rejects a bad token with a message', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/workbench/`);
    await page.locator('#token').fill('ab_not-a-token');
    await page.locator('#sign-in-button').click();
    await page.locator('#message:not([hidden])').waitFor();
    assert.ok(await page.locator('#sign-in').isVisible());
    assert.equal(await page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('wb.token')), null);
  });
});
