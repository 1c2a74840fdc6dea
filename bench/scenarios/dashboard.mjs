// 9. The dashboard under a log flood: one service writing 1,000 lines a second (~100 bytes
// each), the dashboard open in Chromium and a second page that connected and never reads
// (a stalled tab). The daemon's RSS is sampled every 5 s for BENCH_DASHBOARD_SECONDS
// (default 60; the figure is 600) after a 10 s settle, and the open page's
// responsiveness is sampled as it goes: how late a setTimeout(0) runs on its main thread.
import { existsSync } from 'node:fs';
import http from 'node:http';
import { daemonPid, onCleanup, procSample, sleep, stack, stackProject, summarize } from '../lib.mjs';

export const title = '9. Dashboard open while a service logs 1,000 lines/s (daemon RSS, page responsiveness)';

const LOGGER = `
const pad = 'x'.repeat(80);
let n = 0;
// 10 lines every 10 ms: 1,000 lines a second.
setInterval(() => {
  let chunk = '';
  for (let i = 0; i < 10; i++) chunk += 'line ' + (++n) + ' \\u001b[32m' + pad + '\\u001b[0m\\n';
  process.stdout.write(chunk);
}, 10);
process.on('SIGTERM', () => process.exit(0));
`;

export async function run({ row, target, note, skip }) {
  const seconds = Number(process.env.BENCH_DASHBOARD_SECONDS || 60);
  const chromiumPath = process.env.STACK_TEST_CHROMIUM ?? '/usr/bin/chromium';
  // The same stack twice, side by side: one with the dashboard open, one without (the
  // reference: what logging and rotating 100 KB/s costs the daemon anyway).
  const project = (label) =>
    stackProject(label, {
      'logger.js': LOGGER,
      // The default 10 MB × 3 rotation keeps the disk in check during a long run.
      'stack.yaml': `name: bench-${label}\nservices:\n  logger:\n    command: node logger.js\n`,
    });
  const dir = project('dashboard');
  const plainDir = project('no-dashboard');
  stack(dir, ['up']);
  stack(plainDir, ['up']);
  const ui = JSON.parse(stack(dir, ['ui', '--no-open', '--json']).stdout);
  const pid = daemonPid(dir);
  const plainPid = daemonPid(plainDir);

  let browser = null;
  let page = null;
  if (existsSync(chromiumPath)) {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
    onCleanup(() => browser.close());
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(ui.url);
    await page.click('[data-log-tab="logger"]');
  } else skip('chromium page', `no Chromium at ${chromiumPath}: the daemon serves only the stalled client`);

  // A page that opened the live stream and stopped reading it.
  const token = new URL(ui.url).searchParams.get('token');
  const stalled = http.get({ host: '127.0.0.1', port: ui.port, path: '/api/stream', headers: { cookie: `stack-ui-${ui.port}=${token}` } }, (res) => res.pause());
  onCleanup(() => stalled.destroy());

  await sleep(10_000);
  const rss = [];
  const plainRss = [];
  const lag = [];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const s = procSample(pid);
    if (!s) throw new Error(`the daemon (pid ${pid}) went away`);
    rss.push(s.rss / 2 ** 20);
    const plain = procSample(plainPid);
    if (plain) plainRss.push(plain.rss / 2 ** 20);
    if (page) lag.push(await page.evaluate(() => new Promise((resolve) => { const t = performance.now(); setTimeout(() => resolve(performance.now() - t), 0); })));
    await sleep(5000);
  }
  const growth = rss.at(-1) - rss[0];
  const plainGrowth = plainRss.at(-1) - plainRss[0];
  row('daemon RSS without a dashboard (reference)', summarize(plainRss), { unit: 'MB' });
  row('daemon RSS, dashboard open, 1,000 lines/s', summarize(rss), { unit: 'MB', refs: [['without', summarize(plainRss)]] });
  row(`daemon RSS growth over ${seconds} s, without a dashboard`, summarize([plainGrowth]), { unit: 'MB' });
  row(`daemon RSS growth over ${seconds} s (last − first sample)`, summarize([growth]), { unit: 'MB' });
  if (lag.length > 0) row('page: setTimeout(0) delay while streaming', summarize(lag), { unit: 'ms' });
  note(`RSS every 5 s (MB), dashboard open: ${rss.map((r) => r.toFixed(1)).join(' ')}`);
  note(`RSS every 5 s (MB), no dashboard:   ${plainRss.map((r) => r.toFixed(1)).join(' ')}`);
  note(`${rss.length} samples; the 10-minute figure: BENCH_ONLY=dashboard BENCH_DASHBOARD_SECONDS=600 npm run bench`);
  target('daemon RSS grows < 10 MB with the dashboard open', growth < 10, `${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB over ${seconds} s`);
}
