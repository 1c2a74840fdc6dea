/**
 * The PageDriver for the system's Firefox, through puppeteer-core over WebDriver BiDi,
 * which Firefox speaks natively (no patched build, no extra driver binary).
 */
import puppeteer, { type BrowserContext, type Page } from 'puppeteer-core';
import { ACTION_TIMEOUT_MS, type BrowserDriver, type PageDriver } from './browser.js';

export async function launchFirefox(executablePath: string): Promise<BrowserDriver> {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath, headless: true, protocol: 'webDriverBiDi' });
  return {
    name: 'firefox',
    version: await browser.version(),
    newPage: async (viewport) => {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport(viewport);
      return driverOf(context, page);
    },
    close: () => browser.close(),
  };
}

function driverOf(context: BrowserContext, page: Page): PageDriver {
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  return {
    goto: async (url) => {
      await page.goto(url);
    },
    url: () => page.url(),
    // puppeteer spreads arguments, playwright takes one: one argument it is, on both.
    evaluate: <A, R>(fn: (arg: A) => R, arg: A) => page.evaluate(fn as (a: unknown) => R, arg) as Promise<R>,
    click: (selector) => page.locator(selector).setTimeout(ACTION_TIMEOUT_MS).click(),
    // Select what is there and type over it, as a person does. (Locator.fill clears a box
    // without an input event, so a page never learns that its filter was emptied.)
    fill: async (selector, text) => {
      const input = await page.locator(selector).setTimeout(ACTION_TIMEOUT_MS).waitHandle();
      try {
        await input.evaluate((e: unknown) => {
          const box = e as { focus(): void; select(): void };
          box.focus();
          box.select();
        });
        if (text === '') await page.keyboard.press('Backspace');
        else await page.keyboard.type(text);
      } finally {
        await input.dispose();
      }
    },
    resize: (viewport) => page.setViewport(viewport),
    screenshot: async (file) => {
      await page.screenshot({ path: file, fullPage: true });
    },
    close: () => context.close(),
  };
}
