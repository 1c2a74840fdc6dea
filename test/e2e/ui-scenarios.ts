// The dashboard in a real browser (the system's Chromium): what a person sees on the
// page as the stack changes under it, with no reload. Every wait is for a condition on
// the page or in `status --json`, never for a time.
import { appendFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser.js';
import { chattyService, stackYaml } from '../helpers/fixtures.js';
import { freePorts } from '../helpers/free-port.js';
import { waitFor } from '../helpers/procs.js';
import { runExpecting, serviceIn, statusJson, useProjects } from './support.js';
import { copyDemo, openUi } from './ui-support.js';

const project = useProjects();
/** Generous: a busy 2-core machine runs these next to other suites. */
const PAGE_WAIT = { timeout: 20_000 };
const SERVICES = ['db', 'api', 'worker', 'web'];

// Launched by the first test that needs it, not in a beforeAll: without Chromium, every
// test then fails with launchBrowser's sentence (a failing beforeAll shows them as skipped).
let launched: Promise<Browser> | null = null;
const browser = { newPage: async (...args: Parameters<Browser['newPage']>) => (await (launched ??= launchBrowser())).newPage(...args) };
afterAll(async () => {
  await (await launched?.catch(() => null))?.close();
});

async function demoOnPage(): Promise<{ dir: string; page: Page; ports: { db: number; api: number; web: number } }> {
  const p = await project('ui-demo');
  const ports = await copyDemo(p);
  await runExpecting(p.dir, ['up'], 0);
  const ui = await openUi(p.dir);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(ui.url);
  // A value that only survives as long as the page is not reloaded.
  await page.evaluate(() => ((globalThis as { sameDocument?: boolean }).sameDocument = true));
  return { dir: p.dir, page, ports };
}

function cell(page: Page, service: string, field: string) {
  return page.locator(`tr[data-service="${service}"] [data-field="${field}"]`);
}

async function notReloaded(page: Page): Promise<void> {
  expect(await page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument)).toBe(true);
}

describe('the dashboard in a browser', () => {
  it('lists the demo’s services as running and healthy, and lands on a URL without the token', async () => {
    const { page } = await demoOnPage();
    for (const name of SERVICES) {
      await expect.poll(() => cell(page, name, 'state').textContent(), PAGE_WAIT).toBe('running');
      await expect.poll(() => cell(page, name, 'health').textContent(), PAGE_WAIT).toBe('healthy');
    }
    expect(new URL(page.url()).search).toBe('');
    // The graph draws every service, with its live state in words.
    for (const name of SERVICES) {
      await expect.poll(() => page.locator(`#graph g.node[data-service="${name}"] text.state`).textContent(), PAGE_WAIT).toBe('running, healthy');
    }
    await page.locator('#graph g.node[data-service="api"]').click();
    await expect.poll(() => page.locator('[data-log-tab="api"]').getAttribute('aria-selected'), PAGE_WAIT).toBe('true');
    await expect.poll(() => page.locator('tr[data-service="api"]').getAttribute('class'), PAGE_WAIT).toContain('selected');
  });

  it('shows a kill -9, then the restart, without a reload', async () => {
    const { dir, page } = await demoOnPage();
    const before = serviceIn(await statusJson(dir), 'db').pid!;
    await expect.poll(() => cell(page, 'db', 'pid').textContent(), PAGE_WAIT).toBe(String(before));
    process.kill(before, 'SIGKILL');
    await expect.poll(() => page.locator('#events li[data-service="db"][data-type="exit"]').first().textContent(), PAGE_WAIT).toContain('killed by SIGKILL');
    await expect.poll(() => page.locator('#events li[data-service="db"][data-type="restart"]').count(), PAGE_WAIT).toBeGreaterThan(0);
    await expect.poll(async () => Number(await cell(page, 'db', 'pid').textContent()), PAGE_WAIT).not.toBe(before);
    await expect.poll(() => cell(page, 'db', 'state').textContent(), PAGE_WAIT).toBe('running');
    await expect.poll(() => cell(page, 'db', 'restarts').textContent(), PAGE_WAIT).toBe('1');
    await expect.poll(() => cell(page, 'db', 'notes').textContent(), PAGE_WAIT).toContain('last killed by SIGKILL');
    await notReloaded(page);
  });

  it('marks an edited source STALE with its file, with a doctor finding; the restart button makes it fresh', async () => {
    const { dir, page } = await demoOnPage();
    const before = serviceIn(await statusJson(dir), 'api').pid!;
    await expect.poll(() => cell(page, 'api', 'pid').textContent(), PAGE_WAIT).toBe(String(before));
    await appendFile(`${dir}/examples/api/server.js`, '\n// edited\n');
    await expect.poll(() => cell(page, 'api', 'notes').textContent(), PAGE_WAIT).toMatch(/^STALE: examples\/api\/server\.js modified .+ after start/);
    await expect.poll(() => page.locator('#graph g.node[data-service="api"] text.state').textContent(), PAGE_WAIT).toContain('STALE');
    const finding = page.locator('#doctor li[data-check="stale-code"][data-service="api"]');
    await expect.poll(() => finding.textContent(), PAGE_WAIT).toContain('examples/api/server.js');
    expect(await finding.locator('[data-action="fix"]').textContent()).toBe('Fix: restart api');

    await cell(page, 'api', 'actions').locator('[data-action="restart"]').click();
    const after = await waitFor(
      async () => {
        const api = serviceIn(await statusJson(dir), 'api');
        return api.pid !== null && api.pid !== before && api.health === 'healthy' ? api : null;
      },
      { timeoutMs: 30_000, message: 'api restarted with a new pid in status --json' },
    );
    expect(after.stale).toBe(false);
    await expect.poll(() => cell(page, 'api', 'pid').textContent(), PAGE_WAIT).toBe(String(after.pid));
    await expect.poll(() => cell(page, 'api', 'notes').textContent(), PAGE_WAIT).toBe('');
    await expect.poll(() => finding.count(), PAGE_WAIT).toBe(0);
    await notReloaded(page);
  });
});

describe('the log view', () => {
  it('shows lines as they are written, ANSI colours rendered, filtered by the box, and keeps the whole history reachable', async () => {
    const [port] = await freePorts(1);
    const p = await project('ui-logs', { 'stack.yaml': stackYaml({ talk: chattyService({ port: port!, lines: 3000 }), quiet: chattyService({ name: 'quiet', lines: 2 }) }) });
    await runExpecting(p.dir, ['up'], 0);
    const ui = await openUi(p.dir);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(ui.url);
    const lines = page.locator('#log-lines .line');
    await expect.poll(() => lines.filter({ hasText: 'chatty line 3000 of 3000' }).count(), PAGE_WAIT).toBe(1);

    const say = (text: string) => fetch(`http://127.0.0.1:${port}/say?text=${encodeURIComponent(text)}`);
    await say('first live line');
    await expect.poll(() => lines.filter({ hasText: 'first live line' }).count(), PAGE_WAIT).toBe(1);
    await say('\u001b[31mred alert\u001b[0m and plain');
    const red = page.locator('#log-lines .line span.fg-1', { hasText: 'red alert' });
    await expect.poll(() => red.count(), PAGE_WAIT).toBe(1);
    expect(await lines.filter({ hasText: 'red alert' }).textContent()).not.toContain('\u001b');

    await page.fill('#log-filter', 'alert');
    await expect.poll(() => lines.filter({ hasText: 'first live line' }).count(), PAGE_WAIT).toBe(0);
    expect(await lines.filter({ hasText: 'red alert' }).count()).toBe(1);
    await page.fill('#log-filter', '');

    // One service's tab, then older pages until the first line it ever wrote.
    await page.click('[data-log-tab="talk"]');
    await expect.poll(() => lines.filter({ hasText: 'quiet line' }).count(), PAGE_WAIT).toBe(0);
    for (let i = 0; i < 20 && (await lines.filter({ hasText: /^chatty line 1 of 3000$/ }).count()) === 0; i++) {
      if (await page.locator('#log-older').isDisabled()) break;
      await page.click('#log-older');
      // (Not page.waitForFunction: the page's Content-Security-Policy forbids the eval it needs.)
      await expect.poll(() => page.locator('#log-older[data-loading]').count(), PAGE_WAIT).toBe(0);
    }
    await expect.poll(() => lines.filter({ hasText: /^chatty line 1 of 3000$/ }).count(), PAGE_WAIT).toBe(1);
    await expect.poll(() => lines.filter({ hasText: 'the beginning of talk' }).count(), PAGE_WAIT).toBe(1);
  });

  it('pauses on scroll-up and resumes with the lines that came meanwhile', async () => {
    const [port] = await freePorts(1);
    const p = await project('ui-pause', { 'stack.yaml': stackYaml({ talk: chattyService({ port: port!, lines: 400 }) }) });
    await runExpecting(p.dir, ['up'], 0);
    const ui = await openUi(p.dir);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(ui.url);
    const lines = page.locator('#log-lines .line');
    await page.click('[data-log-tab="talk"]');
    await expect.poll(() => lines.filter({ hasText: 'chatty line 400 of 400' }).count(), PAGE_WAIT).toBe(1);
    await page.locator('#log-lines').evaluate((box) => (box.scrollTop = 0));
    await expect.poll(() => page.locator('#log-resume').isVisible(), PAGE_WAIT).toBe(true);
    await fetch(`http://127.0.0.1:${port}/say?text=while-paused`);
    await expect.poll(() => page.locator('#log-resume').textContent(), PAGE_WAIT).toContain('1 new line,');
    expect(await lines.filter({ hasText: 'while-paused' }).count()).toBe(0);
    await page.click('#log-resume');
    await expect.poll(() => lines.filter({ hasText: 'while-paused' }).count(), PAGE_WAIT).toBe(1);
  });
});

describe('actions for everything', () => {
  it('down asks first; cancel keeps everything running, confirm stops it; up starts it again', async () => {
    const [port] = await freePorts(1);
    const p = await project('ui-down', { 'stack.yaml': stackYaml({ talk: chattyService({ port: port!, lines: 1 }) }) });
    await runExpecting(p.dir, ['up'], 0);
    const ui = await openUi(p.dir);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(ui.url);
    await expect.poll(() => cell(page, 'talk', 'state').textContent(), PAGE_WAIT).toBe('running');

    await page.click('#down-all');
    await expect.poll(() => page.locator('#confirm-down').isVisible(), PAGE_WAIT).toBe(true);
    await page.click('#confirm-down-no');
    await expect.poll(() => page.locator('#confirm-down').isVisible(), PAGE_WAIT).toBe(false);
    expect(serviceIn(await statusJson(p.dir), 'talk').state).toBe('running');

    await page.click('#down-all');
    await page.click('#confirm-down-yes');
    await expect.poll(() => cell(page, 'talk', 'state').textContent(), PAGE_WAIT).toBe('stopped');
    expect(serviceIn(await statusJson(p.dir), 'talk')).toMatchObject({ state: 'stopped', pid: null });

    await page.click('#up-all');
    await expect.poll(() => cell(page, 'talk', 'health').textContent(), PAGE_WAIT).toBe('healthy');
    expect(serviceIn(await statusJson(p.dir), 'talk').state).toBe('running');
  });
});
