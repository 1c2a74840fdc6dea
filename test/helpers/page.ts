/**
 * A page as a dashboard test reads it, the same in every browser: what is written in an
 * element, how many match, whether one is shown or disabled. Every read runs in the page
 * through the driver's evaluate (which the page's Content-Security-Policy allows, as it
 * does not allow eval), and returns at once: tests wait with expect.poll, never a time.
 */
import type { BrowserDriver, BrowserName, PageDriver, Viewport } from './browser.js';
import type { PageGlobals } from './page-globals.js';

/** Which elements of a selector count: all, those whose text contains a string, or matches a pattern. */
export type Matching = string | RegExp | undefined;

interface Query {
  selector: string;
  text?: string;
  pattern?: { source: string; flags: string };
}

function query(selector: string, matching: Matching): Query {
  if (matching === undefined) return { selector };
  if (typeof matching === 'string') return { selector, text: matching };
  return { selector, pattern: { source: matching.source, flags: matching.flags } };
}

/** A page of `browser` in a fresh context, `viewport` sized. */
export async function openPage(browser: BrowserDriver, viewport: Viewport): Promise<Page> {
  return new Page(browser.name, await browser.newPage(viewport));
}

export class Page {
  constructor(
    readonly browser: BrowserName,
    private readonly driver: PageDriver,
  ) {}

  goto(url: string): Promise<void> {
    return this.driver.goto(url);
  }

  url(): string {
    return this.driver.url();
  }

  click(selector: string): Promise<void> {
    return this.driver.click(selector);
  }

  fill(selector: string, text: string): Promise<void> {
    return this.driver.fill(selector, text);
  }

  resize(viewport: Viewport): Promise<void> {
    return this.driver.resize(viewport);
  }

  screenshot(file: `${string}.png`): Promise<void> {
    return this.driver.screenshot(file);
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  evaluate<A, R>(fn: (arg: A) => R, arg: A): Promise<R> {
    return this.driver.evaluate(fn, arg);
  }

  /** The text of the first element that matches, or null when none does. */
  async text(selector: string, matching?: Matching): Promise<string | null> {
    return (await this.picked(selector, matching, 'text')) as string | null;
  }

  async count(selector: string, matching?: Matching): Promise<number> {
    return (await this.picked(selector, matching, 'count')) as number;
  }

  attribute(selector: string, name: string): Promise<string | null> {
    return this.driver.evaluate(
      ({ selector, name }) => (globalThis as unknown as PageGlobals).document.querySelector(selector)?.getAttribute(name) ?? null,
      { selector, name },
    );
  }

  /** Shown: it takes room on the page and is not visibility: hidden (scrolled out of view still counts). */
  visible(selector: string): Promise<boolean> {
    return this.driver.evaluate((selector) => {
      const page = globalThis as unknown as PageGlobals;
      const e = page.document.querySelector(selector);
      return e !== null && e.getClientRects().length > 0 && page.getComputedStyle(e).visibility !== 'hidden';
    }, selector);
  }

  disabled(selector: string): Promise<boolean> {
    return this.driver.evaluate((selector) => (globalThis as unknown as PageGlobals).document.querySelector(selector)?.disabled === true, selector);
  }

  /** One read of the elements a query picks, in the page. (Written inline: it is serialized into the page as it is, with no helper it could call.) */
  private picked(selector: string, matching: Matching, want: 'text' | 'count'): Promise<string | number | null> {
    return this.driver.evaluate(
      ({ q, want }) => {
        const found = Array.from((globalThis as unknown as PageGlobals).document.querySelectorAll(q.selector)).filter((e) =>
          q.pattern ? new RegExp(q.pattern.source, q.pattern.flags).test(e.textContent ?? '') : q.text === undefined || (e.textContent ?? '').includes(q.text),
        );
        if (want === 'count') return found.length;
        return found.length === 0 ? null : (found[0]!.textContent ?? '');
      },
      { q: query(selector, matching), want },
    );
  }
}
