// The dashboard in a real browser: what a person sees on the page as the stack changes
// under it, with no reload, and whether it reads in a wide and a narrow window. Written
// once on test/helpers/page.ts and run in each browser by ui-<browser>.test.ts. Every wait
// is for a condition on the page or in `status --json`, never for a time.
import { appendFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserDriver, type BrowserName, type Viewport } from '../helpers/browser.js';
import { chattyService, stackYaml } from '../helpers/fixtures.js';
import { freePorts } from '../helpers/free-port.js';
import { openPage, type Page } from '../helpers/page.js';
import type { PageGlobals } from '../helpers/page-globals.js';
import { waitFor } from '../helpers/procs.js';
import { runExpecting, serviceIn, statusJson, useProjects } from './support.js';
import { layoutProblems } from './ui-layout.js';
import { copyDemo, openUi } from './ui-support.js';

/** Generous: a busy 2-core machine runs these next to other suites. */
const PAGE_WAIT = { timeout: 20_000 };
const SERVICES = ['db', 'api', 'worker', 'web'];
const WIDE: Viewport = { width: 1280, height: 800 };
const NARROW: Viewport = { width: 390, height: 844 };

const cell = (service: string, field: string) => `tr[data-service="${service}"] [data-field="${field}"]`;
const node = (service: string) => `#graph g.node[data-service="${service}"]`;

export function dashboardScenarios(browserName: BrowserName): void {
  const project = useProjects();
  // Launched by the first test that needs it, not in a beforeAll: without the browser,
  // every test then fails with launchBrowser's sentence (a failing beforeAll shows them as skipped).
  let launched: Promise<BrowserDriver> | null = null;
  const pages: Page[] = [];
  async function newPage(viewport: Viewport = WIDE): Promise<Page> {
    const page = await openPage(await (launched ??= launchBrowser(browserName)), viewport);
    pages.push(page);
    return page;
  }
  // Hooks run last-registered first: the pages close before useProjects stops their stacks.
  afterEach(async () => {
    await Promise.allSettled(pages.splice(0).map((p) => p.close()));
  });
  afterAll(async () => {
    await (await launched?.catch(() => null))?.close();
  });

  async function demoOnPage(): Promise<{ dir: string; page: Page }> {
    const p = await project('ui-demo');
    await copyDemo(p);
    await runExpecting(p.dir, ['up'], 0);
    const ui = await openUi(p.dir);
    const page = await newPage();
    await page.goto(ui.url);
    // A value that only survives as long as the page is not reloaded.
    await page.evaluate(() => ((globalThis as { sameDocument?: boolean }).sameDocument = true), null);
    return { dir: p.dir, page };
  }

  async function notReloaded(page: Page): Promise<void> {
    expect(await page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument, null)).toBe(true);
  }

  /** The services the combined log view shows, in the order it shows them (each run of one service's lines once). */
  function logServiceOrder(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const spans = Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll('#log-lines .line .svc'));
      return spans.map((s) => s.textContent ?? '').filter((name, i, all) => i === 0 || all[i - 1] !== name);
    }, null);
  }

  describe(`the dashboard in ${browserName}`, () => {
    it('lists the demo’s services as running and healthy, and lands on a URL without the token', async () => {
      const { page } = await demoOnPage();
      for (const name of SERVICES) {
        await expect.poll(() => page.text(cell(name, 'state')), PAGE_WAIT).toBe('running');
        await expect.poll(() => page.text(cell(name, 'health')), PAGE_WAIT).toBe('healthy');
      }
      expect(new URL(page.url()).search).toBe('');
      // The graph draws every service, with its live state in words.
      for (const name of SERVICES) {
        await expect.poll(() => page.text(`${node(name)} text.state`), PAGE_WAIT).toBe('running, healthy');
      }
      // The combined log starts with each service's history in stack.yaml's order, whichever answered first.
      await expect.poll(async () => (await logServiceOrder(page)).slice(0, SERVICES.length), PAGE_WAIT).toEqual(SERVICES);
      await page.click(node('api'));
      await expect.poll(() => page.attribute('[data-log-tab="api"]', 'aria-selected'), PAGE_WAIT).toBe('true');
      await expect.poll(() => page.attribute('tr[data-service="api"]', 'class'), PAGE_WAIT).toContain('selected');
    });

    it('shows a kill -9, then the restart, without a reload', async () => {
      const { dir, page } = await demoOnPage();
      const before = serviceIn(await statusJson(dir), 'db').pid!;
      await expect.poll(() => page.text(cell('db', 'pid')), PAGE_WAIT).toBe(String(before));
      process.kill(before, 'SIGKILL');
      await expect.poll(() => page.text('#events li[data-service="db"][data-type="exit"]'), PAGE_WAIT).toContain('killed by SIGKILL');
      await expect.poll(() => page.count('#events li[data-service="db"][data-type="restart"]'), PAGE_WAIT).toBeGreaterThan(0);
      await expect.poll(async () => Number(await page.text(cell('db', 'pid'))), PAGE_WAIT).not.toBe(before);
      await expect.poll(() => page.text(cell('db', 'state')), PAGE_WAIT).toBe('running');
      await expect.poll(() => page.text(cell('db', 'restarts')), PAGE_WAIT).toBe('1');
      await expect.poll(() => page.text(cell('db', 'notes')), PAGE_WAIT).toContain('last killed by SIGKILL');
      await notReloaded(page);
    });

    it('marks an edited source STALE with its file, with a doctor finding; the restart button makes it fresh', async () => {
      const { dir, page } = await demoOnPage();
      const before = serviceIn(await statusJson(dir), 'api').pid!;
      await expect.poll(() => page.text(cell('api', 'pid')), PAGE_WAIT).toBe(String(before));
      await appendFile(`${dir}/examples/api/server.js`, '\n// edited\n');
      await expect.poll(() => page.text(cell('api', 'notes')), PAGE_WAIT).toMatch(/^STALE: examples\/api\/server\.js modified .+ after start/);
      await expect.poll(() => page.text(`${node('api')} text.state`), PAGE_WAIT).toContain('STALE');
      const finding = '#doctor li[data-check="stale-code"][data-service="api"]';
      await expect.poll(() => page.text(finding), PAGE_WAIT).toContain('examples/api/server.js');
      expect(await page.text(`${finding} [data-action="fix"]`)).toBe('Fix: restart api');

      await page.click(`${cell('api', 'actions')} [data-action="restart"]`);
      const after = await waitFor(
        async () => {
          const api = serviceIn(await statusJson(dir), 'api');
          return api.pid !== null && api.pid !== before && api.health === 'healthy' ? api : null;
        },
        { timeoutMs: 30_000, message: 'api restarted with a new pid in status --json' },
      );
      expect(after.stale).toBe(false);
      await expect.poll(() => page.text(cell('api', 'pid')), PAGE_WAIT).toBe(String(after.pid));
      await expect.poll(() => page.text(cell('api', 'notes')), PAGE_WAIT).toBe('');
      await expect.poll(() => page.count(finding), PAGE_WAIT).toBe(0);
      await notReloaded(page);
    });

    it('reads at 1280×800 and at 390×844: no sideways scroll; every name, state and button in reach', async () => {
      const { dir, page } = await demoOnPage();
      // A STALE note with its file: the longest thing a row usually holds.
      await appendFile(`${dir}/examples/api/server.js`, '\n// edited\n');
      await expect.poll(() => page.text(cell('api', 'notes')), PAGE_WAIT).toContain('STALE');
      await expect.poll(() => page.count('#log-lines .line'), PAGE_WAIT).toBeGreaterThan(0);
      for (const viewport of [WIDE, NARROW]) {
        await page.resize(viewport);
        await expect.poll(() => layoutProblems(page, SERVICES), PAGE_WAIT).toEqual([]);
        // To look at: STACK_TEST_SCREENSHOTS=/some/dir keeps a picture of each.
        const shots = process.env.STACK_TEST_SCREENSHOTS;
        if (shots) await page.screenshot(path.join(shots, `dashboard-${browserName}-${viewport.width}x${viewport.height}.png`) as `${string}.png`);
      }
    });
  });

  describe(`the log view in ${browserName}`, () => {
    it('shows lines as they are written, ANSI colours rendered, filtered by the box, and keeps the whole history reachable', async () => {
      const [port] = await freePorts(1);
      const p = await project('ui-logs', { 'stack.yaml': stackYaml({ talk: chattyService({ port: port!, lines: 3000 }), quiet: chattyService({ name: 'quiet', lines: 2 }) }) });
      await runExpecting(p.dir, ['up'], 0);
      const ui = await openUi(p.dir);
      const page = await newPage();
      await page.goto(ui.url);
      const lines = '#log-lines .line';
      await expect.poll(() => page.count(lines, 'chatty line 3000 of 3000'), PAGE_WAIT).toBe(1);

      const say = (text: string) => fetch(`http://127.0.0.1:${port}/say?text=${encodeURIComponent(text)}`);
      await say('first live line');
      await expect.poll(() => page.count(lines, 'first live line'), PAGE_WAIT).toBe(1);
      await say('\u001b[31mred alert\u001b[0m and plain');
      await expect.poll(() => page.count(`${lines} span.fg-1`, 'red alert'), PAGE_WAIT).toBe(1);
      expect(await page.text(lines, 'red alert')).not.toContain('\u001b');

      await page.fill('#log-filter', 'alert');
      await expect.poll(() => page.count(lines, 'first live line'), PAGE_WAIT).toBe(0);
      expect(await page.count(lines, 'red alert')).toBe(1);
      await page.fill('#log-filter', '');
      await expect.poll(() => page.count(lines, 'first live line'), PAGE_WAIT).toBe(1);

      // One service's tab, then older pages until the first line it ever wrote.
      await page.click('[data-log-tab="talk"]');
      await expect.poll(() => page.count(lines, 'quiet line'), PAGE_WAIT).toBe(0);
      for (let i = 0; i < 20 && (await page.count(lines, /^chatty line 1 of 3000$/)) === 0; i++) {
        if (await page.disabled('#log-older')) break;
        await page.click('#log-older');
        await expect.poll(() => page.count('#log-older[data-loading]'), PAGE_WAIT).toBe(0);
      }
      await expect.poll(() => page.count(lines, /^chatty line 1 of 3000$/), PAGE_WAIT).toBe(1);
      await expect.poll(() => page.count(lines, 'the beginning of talk'), PAGE_WAIT).toBe(1);
    });

    it('pauses on scroll-up and resumes with the lines that came meanwhile', async () => {
      const [port] = await freePorts(1);
      const p = await project('ui-pause', { 'stack.yaml': stackYaml({ talk: chattyService({ port: port!, lines: 400 }) }) });
      await runExpecting(p.dir, ['up'], 0);
      const ui = await openUi(p.dir);
      const page = await newPage();
      await page.goto(ui.url);
      const lines = '#log-lines .line';
      await page.click('[data-log-tab="talk"]');
      await expect.poll(() => page.count(lines, 'chatty line 400 of 400'), PAGE_WAIT).toBe(1);
      await page.evaluate(() => ((globalThis as unknown as PageGlobals).document.querySelector('#log-lines')!.scrollTop = 0), null);
      await expect.poll(() => page.visible('#log-resume'), PAGE_WAIT).toBe(true);
      await fetch(`http://127.0.0.1:${port}/say?text=while-paused`);
      await expect.poll(() => page.text('#log-resume'), PAGE_WAIT).toContain('1 new line,');
      expect(await page.count(lines, 'while-paused')).toBe(0);
      await page.click('#log-resume');
      await expect.poll(() => page.count(lines, 'while-paused'), PAGE_WAIT).toBe(1);
    });
  });

  describe(`actions for everything in ${browserName}`, () => {
    it('down asks first; cancel keeps everything running, confirm stops it; up starts it again', async () => {
      const [port] = await freePorts(1);
      const p = await project('ui-down', { 'stack.yaml': stackYaml({ talk: chattyService({ port: port!, lines: 1 }) }) });
      await runExpecting(p.dir, ['up'], 0);
      const ui = await openUi(p.dir);
      const page = await newPage();
      await page.goto(ui.url);
      await expect.poll(() => page.text(cell('talk', 'state')), PAGE_WAIT).toBe('running');

      await page.click('#down-all');
      await expect.poll(() => page.visible('#confirm-down'), PAGE_WAIT).toBe(true);
      await page.click('#confirm-down-no');
      await expect.poll(() => page.visible('#confirm-down'), PAGE_WAIT).toBe(false);
      expect(serviceIn(await statusJson(p.dir), 'talk').state).toBe('running');

      await page.click('#down-all');
      await page.click('#confirm-down-yes');
      await expect.poll(() => page.text(cell('talk', 'state')), PAGE_WAIT).toBe('stopped');
      expect(serviceIn(await statusJson(p.dir), 'talk')).toMatchObject({ state: 'stopped', pid: null });

      await page.click('#up-all');
      await expect.poll(() => page.text(cell('talk', 'health')), PAGE_WAIT).toBe('healthy');
      expect(serviceIn(await statusJson(p.dir), 'talk').state).toBe('running');
    });
  });
}
