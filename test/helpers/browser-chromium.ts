/** The PageDriver for the system's Chromium, through playwright-core (over the DevTools protocol). */
import { chromium, type Page } from 'playwright-core';
import { ACTION_TIMEOUT_MS, type BrowserDriver, type PageDriver } from './browser.js';

export async function launchChromium(executablePath: string): Promise<BrowserDriver> {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    // Chromium refuses to start its sandbox as root (containers, CI).
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  return {
    name: 'chromium',
    version: browser.version(),
    // playwright's browser.newPage opens a fresh context per page.
    newPage: async (viewport) => driverOf(await browser.newPage({ viewport })),
    close: () => browser.close(),
  };
}

function driverOf(page: Page): PageDriver {
  return {
    goto: async (url) => {
      await page.goto(url);
    },
    url: () => page.url(),
    evaluate: <A, R>(fn: (arg: A) => R, arg: A) => page.evaluate(fn as (a: unknown) => R, arg as unknown) as Promise<R>,
    click: (selector) => page.locator(selector).first().click({ timeout: ACTION_TIMEOUT_MS }),
    fill: (selector, text) => page.locator(selector).first().fill(text, { timeout: ACTION_TIMEOUT_MS }),
    resize: (viewport) => page.setViewportSize(viewport),
    screenshot: async (file) => {
      await page.screenshot({ path: file, fullPage: true });
    },
    close: () => page.context().close(),
  };
}
