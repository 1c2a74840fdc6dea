// Regenerates docs/dashboard.png, the README's picture of the dashboard: the demo stack
// (stack.yaml + examples/, copied to a temp directory and moved to free ports) with api's
// source edited so it shows STALE, in the system's Chromium at 1280×800.
//   npm run build && node scripts/screenshot.mjs [out.png]
// Needs Chromium at /usr/bin/chromium (or STACK_TEST_CHROMIUM), as the dashboard's tests do.
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'docs', 'dashboard.png'));
const browserPath = process.env.STACK_TEST_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(browserPath)) {
  console.error(`Chromium is not installed at ${browserPath}; install it (apt-get install chromium) or set STACK_TEST_CHROMIUM.`);
  process.exit(1);
}

/** `preferred` (the demo's own port, as the README shows it) when it is free, else any free port. */
function freePort(preferred) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(freePort(0)));
    server.listen(preferred, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'stack-shot-')));
const stack = (...args) => execFileSync(process.execPath, [path.join(root, 'bin', 'stack.js'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
let browser;
try {
  let yaml = readFileSync(path.join(root, 'stack.yaml'), 'utf8');
  for (const port of [7401, 7402, 7403]) yaml = yaml.replaceAll(String(port), String(await freePort(port)));
  writeFileSync(path.join(dir, 'stack.yaml'), yaml);
  cpSync(path.join(root, 'examples'), path.join(dir, 'examples'), { recursive: true });
  stack('up');
  const { url } = JSON.parse(stack('ui', '--no-open', '--json'));
  appendFileSync(path.join(dir, 'examples', 'api', 'server.js'), '\n// edited\n');

  browser = await chromium.launch({ executablePath: browserPath, headless: true, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(url);
  await page.locator('tr[data-service="api"] [data-field="notes"]', { hasText: 'STALE' }).waitFor({ timeout: 30_000 });
  await page.locator('#doctor li[data-check="stale-code"]').waitFor({ timeout: 30_000 });
  await page.locator('#events li[data-type="stale"]').waitFor({ timeout: 30_000 });
  // Let the worker tick a few times, so the log shows something of everyone.
  await page.locator('#log-lines .line', { hasText: 'tick 3' }).waitFor({ timeout: 30_000 });
  await page.screenshot({ path: out });
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await browser?.close();
  try {
    stack('down');
  } catch {
    /* reported by the step that failed */
  }
  rmSync(dir, { recursive: true, force: true });
}
