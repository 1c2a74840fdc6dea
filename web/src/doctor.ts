/**
 * The doctor panel: `stack doctor --json`'s findings, root cause first (the daemon runs the
 * same checks), each with its next command, and a button for those a restart fixes.
 */
import type { DoctorReport, Finding } from '../../src/doctor/types.js';
import { el } from './dom.js';

export class DoctorPanel {
  constructor(
    private readonly box: HTMLElement,
    private readonly fix: (service: string, button: HTMLButtonElement) => void,
  ) {}

  render(report: DoctorReport): void {
    if (report.findings.length === 0) {
      this.box.replaceChildren(el('p', { class: 'tone-good' }, '✔ No problems found: every service is healthy and runs the code on disk.'));
      return;
    }
    this.box.replaceChildren(el('ol', { class: 'findings' }, ...report.findings.map((f) => this.item(f))));
  }

  unavailable(reason: string): void {
    this.box.replaceChildren(el('p', { class: 'quiet' }, reason));
  }

  private item(f: Finding): HTMLLIElement {
    const li = el(
      'li',
      { class: `finding tone-${f.severity === 'info' ? 'quiet' : f.severity}`, 'data-check': f.check, 'data-service': f.service ?? undefined },
      el('span', { class: 'badge' }, f.severity),
      ' ',
      el('span', { class: 'message' }, f.service ? `${f.service}: ${f.message}` : f.message),
      el('div', { class: 'hint' }, '→ ', el('code', {}, f.hint)),
    );
    if (f.fixable && f.service) {
      const service = f.service;
      const button = el('button', { type: 'button', class: 'small', 'data-action': 'fix' }, `Fix: restart ${service}`);
      button.addEventListener('click', () => this.fix(service, button));
      li.append(button);
    }
    return li;
  }
}
