/**
 * Is the dashboard readable in the window it is in? One look, in the page, that returns
 * every problem as a sentence (an empty list when there is none):
 * - the page itself never scrolls sideways;
 * - each service's name, state and health, and the page's main controls, can be reached
 *   by scrolling down only — not inside a box that scrolls sideways, which a person on a
 *   narrow window does not find — and are neither cut nor covered by something else;
 * - each row's restart, stop and start buttons, likewise.
 */
import type { Page } from '../helpers/page.js';
import type { PageElement, PageGlobals } from '../helpers/page-globals.js';

export function layoutProblems(tab: Page, services: readonly string[]): Promise<string[]> {
  return tab.evaluate((names) => {
    const page = globalThis as unknown as PageGlobals;
    const { document } = page;
    const root = document.documentElement;
    const problems: string[] = [];
    if (root.scrollWidth > root.clientWidth) {
      problems.push(`the page is ${root.scrollWidth}px wide in a ${root.clientWidth}px window: it scrolls sideways`);
    }
    const targets: [string, string][] = [
      ['the Up all button', '#up-all'],
      ['the Down all button', '#down-all'],
      ['the log filter', '#log-filter'],
      ['the doctor’s Check again button', '#doctor-again'],
    ];
    for (const name of names) {
      const row = `tr[data-service="${name}"]`;
      targets.push([`${name}’s name`, `${row} [data-field="name"] button`], [`${name}’s state`, `${row} [data-field="state"] .badge`]);
      targets.push([`${name}’s health`, `${row} [data-field="health"] .badge`]);
      for (const action of ['restart', 'stop', 'start']) targets.push([`${name}’s ${action} button`, `${row} [data-action="${action}"]`]);
    }
    for (const [what, selector] of targets) {
      const element = document.querySelector(selector);
      if (element === null) {
        problems.push(`${what} (${selector}) is not on the page`);
        continue;
      }
      // Scrolled to by the page's own scroll, down only, the way a person gets there.
      page.scrollTo(0, page.scrollY + element.getBoundingClientRect().top - page.innerHeight / 2);
      const box = element.getBoundingClientRect();
      const at = `at x ${Math.round(box.left)}–${Math.round(box.right)}`;
      if (box.width === 0 || box.height === 0) {
        problems.push(`${what} takes no room on the page`);
        continue;
      }
      if (box.left < 0 || box.right > root.clientWidth + 0.5) {
        problems.push(`${what} is ${at}, outside the ${root.clientWidth}px window`);
        continue;
      }
      let clippedBy: PageElement | null = null;
      for (let up = element.parentElement; up !== null && up !== root && clippedBy === null; up = up.parentElement) {
        const edge = up.getBoundingClientRect();
        if (page.getComputedStyle(up).overflowX !== 'visible' && (box.left < edge.left - 0.5 || box.right > edge.right + 0.5)) clippedBy = up;
      }
      if (clippedBy !== null) {
        const edge = clippedBy.getBoundingClientRect();
        problems.push(`${what} is ${at}, cut off by a box that shows only ${Math.round(edge.left)}–${Math.round(edge.right)} (it scrolls sideways)`);
        continue;
      }
      if (element.scrollWidth > element.clientWidth + 1) problems.push(`${what}’s text is cut: it needs ${element.scrollWidth}px and has ${element.clientWidth}px`);
      const hit = document.elementFromPoint((box.left + box.right) / 2, (box.top + box.bottom) / 2);
      if (hit === null || !element.contains(hit)) {
        const cover = hit === null ? 'nothing' : `${hit.tagName.toLowerCase()}${hit.id ? `#${hit.id}` : ''}`;
        problems.push(`${what} is covered at its middle by ${cover}`);
      }
    }
    page.scrollTo(0, 0);
    return problems;
  }, services);
}
