/**
 * The log view: one tab per service and one for all of them. Lines stream in live; the
 * history (the live log and its rotated copies) is read a page at a time, newest first,
 * with "Load older". Scrolling up pauses the view: new lines are kept, counted, and shown
 * when you come back to the bottom or press resume. Memory stays bounded: each store
 * keeps the latest STORE_MAX lines, the view renders at most VIEW_MAX.
 */
import type { LogBatch } from '../../src/daemon/ui/log-follower.js';
import type { LogPage } from '../../src/daemon/ui/log-history.js';
import { ansiRuns, stripAnsi } from './ansi.js';
import { getJson } from './api.js';
import { el } from './dom.js';

const STORE_MAX = 5000;
/** While paused (someone reads older lines), a store may grow to this before it drops its oldest. */
const PAUSED_STORE_MAX = 50_000;
const VIEW_MAX = 2000;
/** Lines of each service the combined view starts with. */
const COMBINED_START = 20;

interface Line {
  service: string;
  text: string;
  marker?: boolean;
}

interface History {
  loaded: boolean;
  /** The live lines the history already holds end here (null once stitched). */
  until: number | null;
  older: string | null;
  pending: LogBatch[];
}

const encoder = new TextEncoder();

export class LogView {
  private readonly stores = new Map<string, Line[]>();
  private readonly combined: Line[] = [];
  private readonly history = new Map<string, History>();
  private current: string | null = null;
  private filter = '';
  private paused = false;
  private unseen = 0;
  private tabsKey: string | null = null;

  constructor(
    private readonly box: HTMLElement,
    private readonly tabs: HTMLElement,
    private readonly resume: HTMLButtonElement,
    private readonly older: HTMLButtonElement,
  ) {
    box.addEventListener('scroll', () => this.onScroll());
    resume.addEventListener('click', () => this.unpause());
    older.addEventListener('click', () => void this.loadOlder());
  }

  /** The services to show tabs for; a new one's history is read. */
  async setServices(names: readonly string[]): Promise<void> {
    const fresh = names.filter((n) => !this.history.has(n));
    for (const n of fresh) this.history.set(n, { loaded: false, until: null, older: null, pending: [] });
    const key = names.join('\n');
    if (key !== this.tabsKey) {
      this.tabsKey = key;
      this.renderTabs(names);
    }
    const starts = await Promise.all(fresh.map((n) => this.loadNewest(n)));
    // Each service's history first, in stack.yaml's order (not in the order the answers
    // came, which differs between browsers), then the live lines that came meanwhile.
    this.combined.unshift(...starts.flat());
    if (this.combined.length > STORE_MAX) this.combined.splice(0, this.combined.length - STORE_MAX);
    if (fresh.length > 0 && this.current === null) this.render();
  }

  /** Forget everything read: after the stream was down, the history is read again (lines written meanwhile were not streamed). */
  reset(): void {
    this.stores.clear();
    this.combined.length = 0;
    this.history.clear();
    this.tabsKey = null;
    this.box.replaceChildren();
  }

  show(service: string | null): void {
    this.current = service;
    this.paused = false;
    this.unseen = 0;
    for (const tab of this.tabs.querySelectorAll<HTMLElement>('[data-log-tab]')) {
      tab.setAttribute('aria-selected', String(tab.dataset.logTab === (service ?? '')));
    }
    this.render();
  }

  setFilter(text: string): void {
    this.filter = text.toLowerCase();
    this.render();
  }

  onLive(batch: LogBatch): void {
    const h = this.history.get(batch.service);
    if (!h || !h.loaded) {
      h?.pending.push(batch);
      return;
    }
    let lines = batch.text.split('\n');
    if (h.until !== null) {
      if (batch.end <= h.until) return;
      let overlap = h.until - batch.start;
      while (overlap > 0 && lines.length > 0) {
        overlap -= encoder.encode(lines[0]!).length + 1;
        lines = lines.slice(1);
      }
      h.until = null;
    }
    const added: Line[] = [];
    if (batch.skipped) added.push(marker(batch.service, `… ${batch.skipped} bytes skipped: ${batch.service} wrote faster than the page reads (they are in its log)`));
    added.push(...lines.map((text) => ({ service: batch.service, text })));
    this.add(batch.service, added);
  }

  /** The page fell behind and lines were not sent: say so where they would have been. */
  dropped(counts: Record<string, number>): void {
    for (const [service, n] of Object.entries(counts)) {
      this.add(service, [marker(service, `… ${n} lines not shown: the page fell behind (stack logs ${service} has them)`)]);
    }
  }

  private add(service: string, lines: Line[]): void {
    const max = this.paused ? PAUSED_STORE_MAX : STORE_MAX;
    push(this.storeOf(service), lines, max);
    push(this.combined, lines, max);
    if (this.current !== null && this.current !== service) return;
    const shown = lines.filter((l) => this.matches(l));
    if (this.paused) {
      this.unseen += shown.length;
      this.showResume();
      return;
    }
    this.box.append(...shown.map((l) => this.lineNode(l)));
    while (this.box.childElementCount > VIEW_MAX) this.box.firstElementChild!.remove();
    this.toBottom();
  }

  /** Reads `service`'s newest history page; returns the lines the combined view starts with. */
  private async loadNewest(service: string): Promise<Line[]> {
    const h = this.history.get(service)!;
    let start: Line[] = [];
    try {
      const page = await getJson<LogPage>(`/api/logs?service=${encodeURIComponent(service)}`);
      h.until = page.until;
      h.older = page.older;
      this.storeOf(service).unshift(...page.lines.map((text) => ({ service, text })));
      start = page.lines.slice(-COMBINED_START).map((text) => ({ service, text }));
    } catch {
      // No history (yet): live lines still come.
    }
    h.loaded = true;
    for (const batch of h.pending.splice(0)) this.onLive(batch);
    if (this.current === service) this.render();
    return start;
  }

  private async loadOlder(): Promise<void> {
    const service = this.current;
    const h = service === null ? undefined : this.history.get(service);
    if (service === null || !h?.older) return;
    this.older.dataset.loading = '';
    let page: LogPage;
    try {
      page = await getJson<LogPage>(`/api/logs?service=${encodeURIComponent(service)}&before=${encodeURIComponent(h.older)}`);
    } finally {
      delete this.older.dataset.loading;
    }
    h.older = page.older;
    const store = this.storeOf(service);
    store.unshift(...page.lines.map((text) => ({ service, text })));
    if (page.older === null) store.unshift(marker(service, `— the beginning of ${service}'s log history —`));
    const fromBottom = this.box.scrollHeight - this.box.scrollTop;
    // The page just read at the top, then as much of what follows as the view holds.
    this.render({ first: page.lines.length + 1 + VIEW_MAX });
    // Where it was, which is not the bottom: the view pauses there (onScroll).
    this.box.scrollTop = this.box.scrollHeight - fromBottom;
  }

  private storeOf(service: string): Line[] {
    let store = this.stores.get(service);
    if (!store) this.stores.set(service, (store = []));
    return store;
  }

  /** The latest VIEW_MAX lines that match, or with `first`, the oldest that many. */
  private render(range: { first?: number } = {}): void {
    const source = this.current === null ? this.combined : this.storeOf(this.current);
    const matching = source.filter((l) => this.matches(l));
    const shown = range.first === undefined ? matching.slice(-VIEW_MAX) : matching.slice(0, range.first);
    this.box.replaceChildren(...shown.map((l) => this.lineNode(l)));
    this.older.hidden = this.current === null;
    this.older.disabled = this.current === null || !this.history.get(this.current)?.older;
    if (!this.paused) this.toBottom();
  }

  private renderTabs(names: readonly string[]): void {
    const tab = (label: string, value: string): HTMLElement => {
      const b = el('button', { type: 'button', role: 'tab', 'data-log-tab': value, 'aria-selected': String((this.current ?? '') === value) }, label);
      b.addEventListener('click', () => this.show(value === '' ? null : value));
      return b;
    };
    this.tabs.replaceChildren(tab('All', ''), ...names.map((n) => tab(n, n)));
  }

  private matches(line: Line): boolean {
    return this.filter === '' || line.marker === true || stripAnsi(line.text).toLowerCase().includes(this.filter);
  }

  private lineNode(line: Line): HTMLElement {
    const node = el('div', { class: line.marker ? 'line marker' : 'line' });
    if (this.current === null) node.append(el('span', { class: 'svc' }, line.service));
    for (const run of ansiRuns(line.text)) {
      const classes = [run.fg !== null ? `fg-${run.fg}` : '', run.bg !== null ? `bg-${run.bg}` : '', run.bold ? 'b' : '', run.dim ? 'dim' : '', run.italic ? 'i' : '', run.underline ? 'u' : '']
        .filter(Boolean)
        .join(' ');
      node.append(classes ? el('span', { class: classes }, run.text) : run.text);
    }
    return node;
  }

  private onScroll(): void {
    const atBottom = this.box.scrollHeight - this.box.scrollTop - this.box.clientHeight < 24;
    if (atBottom && this.paused) this.unpause();
    else if (!atBottom && !this.paused) {
      this.paused = true;
      this.showResume();
    }
  }

  private unpause(): void {
    this.paused = false;
    this.unseen = 0;
    this.resume.hidden = true;
    this.render();
  }

  private showResume(): void {
    this.resume.hidden = false;
    this.resume.textContent = this.unseen > 0 ? `Paused: ${this.unseen} new line${this.unseen === 1 ? '' : 's'}, resume` : 'Paused, resume';
  }

  private toBottom(): void {
    // Our own scroll lands at the bottom, which onScroll reads as "not paused".
    this.box.scrollTop = this.box.scrollHeight;
  }
}

function marker(service: string, text: string): Line {
  return { service, text, marker: true };
}

function push(store: Line[], lines: readonly Line[], max: number): void {
  store.push(...lines);
  if (store.length > max) store.splice(0, store.length - max);
}
