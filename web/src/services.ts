/**
 * The services table: one row per service, updated in place on every status (so a button
 * under the pointer is never replaced mid-click). State and health are words coloured by
 * a class; the notes are `stack status`'s own, markers (STALE, CONFIG CHANGED) in capitals.
 */
import type { ServiceStatus } from '../../src/protocol/status.js';
import type { StatusNote } from '../../src/protocol/status-notes.js';
import type { DashboardView } from '../../src/daemon/ui/view.js';
import { el, setText } from './dom.js';

export interface TableHandlers {
  select(service: string): void;
  act(action: 'restart' | 'stop' | 'start', service: string, button: HTMLButtonElement): void;
}

const FIELDS = ['name', 'state', 'health', 'pid', 'port', 'uptime', 'restarts', 'cpu', 'memory', 'notes', 'actions'] as const;
type Field = (typeof FIELDS)[number];

interface Row {
  tr: HTMLTableRowElement;
  cells: Record<Field, HTMLTableCellElement>;
  notesKey: string;
  portKey: string;
}

export class ServicesTable {
  private readonly rows = new Map<string, Row>();
  private selected: string | null = null;

  constructor(
    private readonly body: HTMLTableSectionElement,
    private readonly on: TableHandlers,
  ) {}

  render(view: DashboardView): void {
    const names = view.status.services.map((s) => s.name);
    for (const [name, row] of this.rows) {
      if (!names.includes(name)) {
        row.tr.remove();
        this.rows.delete(name);
      }
    }
    view.status.services.forEach((s, i) => {
      const row = this.rows.get(s.name) ?? this.addRow(s.name);
      if (this.body.children[i] !== row.tr) this.body.insertBefore(row.tr, this.body.children[i] ?? null);
      this.update(row, s, view);
    });
    if (view.status.services.length === 0 && !this.body.querySelector('.empty')) {
      this.body.append(el('tr', { class: 'empty' }, el('td', { colspan: String(FIELDS.length) }, 'No services in stack.yaml.')));
    } else if (view.status.services.length > 0) this.body.querySelector('.empty')?.remove();
  }

  select(name: string | null): void {
    this.selected = name;
    for (const [n, row] of this.rows) row.tr.classList.toggle('selected', n === name);
  }

  private addRow(name: string): Row {
    const cells = Object.fromEntries(FIELDS.map((f) => [f, el('td', { 'data-field': f })])) as Row['cells'];
    const tr = el('tr', { 'data-service': name }, ...FIELDS.map((f) => cells[f]));
    const pick = el('button', { type: 'button', class: 'link', title: `show ${name}'s log` }, name);
    pick.addEventListener('click', () => this.on.select(name));
    cells.name.append(pick);
    for (const action of ['restart', 'stop', 'start'] as const) {
      const button = el('button', { type: 'button', class: 'small', 'data-action': action, 'aria-label': `${action} ${name}` }, action[0]!.toUpperCase() + action.slice(1));
      button.addEventListener('click', () => this.on.act(action, name, button));
      cells.actions.append(button);
    }
    const row: Row = { tr, cells, notesKey: '', portKey: '' };
    tr.classList.toggle('selected', name === this.selected);
    this.rows.set(name, row);
    return row;
  }

  private update(row: Row, s: ServiceStatus, view: DashboardView): void {
    const words = view.words[s.name];
    const state = s.managedBy === 'foreign' ? 'foreign' : s.state;
    setBadge(row.cells.state, state, stateTone(s));
    setBadge(row.cells.health, s.health === 'unknown' ? '-' : s.health, s.health === 'healthy' ? 'good' : s.health === 'unhealthy' ? 'error' : 'quiet');
    setText(row.cells.pid, s.pid === null ? '-' : String(s.pid));
    const portKey = `${s.port}|${s.listening.join(',')}`;
    if (row.portKey !== portKey) {
      row.portKey = portKey;
      row.cells.port.replaceChildren(
        s.port === null ? '-' : el('a', { href: `http://127.0.0.1:${s.port}/`, target: '_blank', rel: 'noopener noreferrer' }, String(s.port)),
      );
    }
    setText(row.cells.uptime, words?.uptime ?? '-');
    setText(row.cells.restarts, String(s.restarts));
    setText(row.cells.cpu, s.cpu === null ? '-' : `${s.cpu}%`);
    setText(row.cells.memory, words?.memory ?? '-');
    const notes = words?.notes ?? [];
    const notesKey = JSON.stringify([notes, s.staleFiles]);
    if (row.notesKey !== notesKey) {
      row.notesKey = notesKey;
      row.cells.notes.replaceChildren(...notes.map((n) => noteNode(n, s)));
    }
    row.tr.dataset.state = state;
    row.tr.classList.toggle('stale', s.stale);
    const running = s.pid !== null || s.state === 'starting' || s.state === 'building' || s.state === 'pending';
    buttonIn(row, 'stop').disabled = !running || s.managedBy === 'foreign';
    buttonIn(row, 'start').disabled = running;
    buttonIn(row, 'restart').disabled = s.managedBy === 'foreign';
  }
}

function buttonIn(row: Row, action: string): HTMLButtonElement {
  return row.cells.actions.querySelector(`[data-action="${action}"]`) as HTMLButtonElement;
}

function stateTone(s: ServiceStatus): string {
  if (s.managedBy === 'foreign') return 'warning';
  if (s.state === 'running') return 'good';
  if (s.state === 'exited' || s.state === 'crashloop') return 'error';
  if (s.state === 'stopped') return 'quiet';
  return 'warning';
}

function setBadge(cell: HTMLElement, text: string, tone: string): void {
  let badge = cell.firstElementChild as HTMLElement | null;
  if (!badge) cell.append((badge = el('span', { class: 'badge' })));
  setText(badge, text);
  badge.className = `badge tone-${tone}`;
}

/** A note as `status` words it; STALE also lists every changed file on hover. */
function noteNode(note: StatusNote, s: ServiceStatus): HTMLElement {
  const node = el('span', { class: `note tone-${note.level}` });
  if (note.label) node.append(el('strong', {}, note.label), note.text ? `: ${note.text}` : '');
  else node.append(note.text);
  if (note.label === 'STALE' && s.staleFiles.length > 0) node.title = s.staleFiles.map((f) => f.path).join('\n');
  return node;
}
