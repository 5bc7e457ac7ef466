import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../../test/support/index.js';
import { startDemo, type RunningDemo } from '../orchestrate/start-demo.js';
import { freeDemoPorts } from '../testing/demo-ports.js';

/** Pages load slowly on a busy 2-core machine; Playwright's own waits are 30 s too. */
const POLL = { timeout: 15_000, interval: 100 };

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

describe('the portal in Chromium', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'zeus-portal-'));
  let demo: RunningDemo;
  let browser: Browser;
  let term = '';

  beforeAll(async () => {
    const executablePath = requireTool('/usr/bin/chromium', 'chromium');
    [demo, browser] = await Promise.all([
      startDemo({ dataDir, ports: await freeDemoPorts() }),
      chromium.launch({ executablePath, args: CHROMIUM_ARGS }),
    ]);
    term = demo.seeded!.currentTermId;
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(email: string, password: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${demo.urls.portal}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }

  it('lets a student search, enroll, see the schedule and drop', async () => {
    const page = await signIn('bob@zeus.test', 'bob-demo');
    await expect.poll(() => page.getByTestId('whoami').textContent(), POLL).toContain('Bob Hopper');
    await page.getByLabel('Course').fill('HIST101');
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.locator(`tr[data-section="${term}-HIST101-01"]`);
    await row.getByRole('button', { name: 'Enroll' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toContain(`enrolled in ${term}-HIST101-01`);
    await expect.poll(() => page.getByTestId('schedule').textContent(), POLL).toContain(`${term}-HIST101-01`);
    await page.locator(`tr[data-section="${term}-HIST101-01"]`).getByRole('button', { name: 'Drop' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toContain(`Dropped ${term}-HIST101-01`);
    expect(await page.getByTestId('schedule').count()).toBe(0);
  });

  it('puts a student on the waitlist of a full section and refuses a missing prerequisite and a time conflict', async () => {
    const page = await signIn('bob@zeus.test', 'bob-demo');
    await page.goto(`${demo.urls.portal}/search?q=ART101`);
    await page.locator(`tr[data-section="${term}-ART101-01"]`).getByRole('button', { name: 'Join waitlist' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toContain('on the waitlist at position 2');
    await expect.poll(() => page.getByTestId('waitlists').textContent(), POLL).toContain(`${term}-ART101-01`);
    await page.goto(`${demo.urls.portal}/search?q=CS201`);
    await page.locator(`tr[data-section="${term}-CS201-01"]`).getByRole('button', { name: 'Enroll' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), POLL).toContain('requires CS101');
    const alice = await signIn('alice@zeus.test', 'alice-demo');
    await alice.goto(`${demo.urls.portal}/search?q=PHYS101`);
    await alice.locator(`tr[data-section="${term}-PHYS101-01"]`).getByRole('button', { name: 'Enroll' }).click();
    await expect.poll(() => alice.getByRole('alert').textContent(), POLL).toContain(`time conflict with ${term}-MATH101-01`);
  });

  it('lets faculty submit a grade and refuses an invalid one', async () => {
    const page = await signIn('ada@zeus.test', 'ada-demo');
    await page.getByRole('link', { name: `${term}-MATH101-01` }).click();
    await page.getByLabel('Grade for Alice Lovelace').fill('B+');
    await page.getByRole('button', { name: 'Submit grades' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toMatch(/\d+ grade\(s\) saved/);
    expect(await page.getByLabel('Grade for Alice Lovelace').inputValue()).toBe('B+');
    await page.getByLabel('Grade for Alice Lovelace').fill('Q');
    await page.getByRole('button', { name: 'Submit grades' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), POLL).toContain("'Q' is not a grade");
    expect(await page.getByLabel('Grade for Alice Lovelace').inputValue()).toBe('B+');
  });

  it('lets the registrar inject and clear a fault from the admin page', async () => {
    const page = await signIn('registrar@zeus.test', 'registrar-demo');
    const enrollment = page.locator('fieldset[data-service="enrollment"]');
    await enrollment.getByLabel('Latency ms').fill('250');
    await enrollment.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), POLL).toContain('Faults of enrollment updated');
    const state = await (await fetch(`${demo.adminUrls.enrollment}/admin/faults`, { headers: { authorization: `Bearer ${demo.adminToken}` } })).json();
    expect(state).toMatchObject({ faults: { latencyMs: 250 } });
    await page.locator('fieldset[data-service="enrollment"]').getByRole('button', { name: 'Clear' }).click();
    await expect.poll(async () => page.locator('fieldset[data-service="enrollment"]').getByLabel('Latency ms').inputValue(), POLL).toBe('0');
  });
});
