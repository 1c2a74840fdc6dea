/**
 * Real browsers for the dashboard's tests: the system's Chromium through playwright-core,
 * and the system's Firefox (Debian's firefox-esr) through puppeteer-core over WebDriver
 * BiDi — playwright can drive only its own patched Firefox, which cannot be downloaded
 * here. Both sit behind one small driver (PageDriver), so a scenario is written once, on
 * `Page` (page.ts), and run in each browser. A missing browser fails the test with a
 * sentence saying how to install it: it must never pass by skipping.
 */
import { existsSync } from 'node:fs';

export type BrowserName = 'chromium' | 'firefox';

export interface Viewport {
  width: number;
  height: number;
}

/** How long a click or a fill waits for its element to be there, visible and enabled. */
export const ACTION_TIMEOUT_MS = 20_000;

/** What differs between the two libraries; everything else is written once in page.ts. */
export interface PageDriver {
  goto(url: string): Promise<void>;
  url(): string;
  /** Runs `fn` in the page (it is serialized: it may use only its argument and the page's globals). */
  evaluate<A, R>(fn: (arg: A) => R, arg: A): Promise<R>;
  /** A real pointer click on the first match, once it is visible, enabled and still. */
  click(selector: string): Promise<void>;
  /** Replaces an input's text as typing would (input events included). */
  fill(selector: string, text: string): Promise<void>;
  resize(viewport: Viewport): Promise<void>;
  /** The whole page, not just the window. */
  screenshot(file: `${string}.png`): Promise<void>;
  close(): Promise<void>;
}

export interface BrowserDriver {
  readonly name: BrowserName;
  readonly version: string;
  /** A page in a fresh context (no cookies shared with other pages). */
  newPage(viewport: Viewport): Promise<PageDriver>;
  close(): Promise<void>;
}

interface Install {
  label: string;
  env: string;
  path: string;
  apt: string;
}

export const INSTALLS: Record<BrowserName, Install> = {
  chromium: { label: 'Chromium', env: 'STACK_TEST_CHROMIUM', path: process.env.STACK_TEST_CHROMIUM ?? '/usr/bin/chromium', apt: 'chromium' },
  firefox: { label: 'Firefox', env: 'STACK_TEST_FIREFOX', path: process.env.STACK_TEST_FIREFOX ?? '/usr/bin/firefox-esr', apt: 'firefox-esr' },
};

export function missingBrowserSentence(name: BrowserName): string {
  const i = INSTALLS[name];
  return `${i.label} is not installed at ${i.path}, and the dashboard's browser tests need it. Install it (apt-get install ${i.apt}; .ci/run does), or point ${i.env} at a ${i.label} binary.`;
}

export async function launchBrowser(name: BrowserName): Promise<BrowserDriver> {
  const { path } = INSTALLS[name];
  if (!existsSync(path)) throw new Error(missingBrowserSentence(name));
  // Imported here, so a run in one browser never loads the other's library.
  if (name === 'chromium') return (await import('./browser-chromium.js')).launchChromium(path);
  return (await import('./browser-firefox.js')).launchFirefox(path);
}
