/**
 * The text that comes with the logs, events and config tools' JSON. Events lead with
 * the latest trouble (an exit, a crash loop, a failed check or build) before the latest
 * event; logs say how much each service logged; config says what the stack is.
 */
import { stripVTControlCharacters } from 'node:util';
import type { StackConfig } from '../../config/types.js';
import type { LogsDocument } from '../../cli/log-lines.js';
import type { StackEvent } from '../../protocol/events.js';
import { formatEvent } from '../../cli/render/event-line.js';

export function logsSummary(doc: LogsDocument, grep: string | undefined): string {
  const matching = grep === undefined ? '' : ` matching ${grep}`;
  if (doc.services.length === 0) return 'No service has logged anything yet.';
  const counts = doc.services.map((s) => `${s.name}: ${s.lines.length === 0 ? 'no lines' : `${s.lines.length} ${s.lines.length === 1 ? 'line' : 'lines'}`}${matching} (${s.file})`);
  return `${counts.join('; ')}.`;
}

const TROUBLE = new Set(['exit', 'crashloop', 'start-failed', 'lost', 'config-unreadable', 'state-corrupt']);

function isTrouble(e: StackEvent): boolean {
  if (TROUBLE.has(e.type)) return true;
  if (e.type === 'health') return e.health !== 'healthy';
  if (e.type === 'build') return e.code !== 0;
  return false;
}

export function eventsSummary(events: readonly StackEvent[], found: boolean): string {
  if (!found) return 'No events yet: nothing has been started in this project.';
  if (events.length === 0) return 'No events about these services.';
  const line = (e: StackEvent): string => stripVTControlCharacters(formatEvent(e, 0)).replace(/\s+/g, ' ');
  const trouble = [...events].reverse().find(isTrouble);
  const last = events.at(-1)!;
  const parts = [];
  if (trouble) parts.push(`Latest trouble: ${line(trouble)}.`);
  if (last !== trouble) parts.push(`Latest event: ${line(last)}.`);
  parts.push(`${events.length} ${events.length === 1 ? 'event' : 'events'} from ${events[0]!.at} to ${last.at}.`);
  return parts.join(' ');
}

export function configSummary(config: StackConfig, file: string): string {
  const services = Object.values(config.services).map((s) => {
    const facts = [...(s.port === undefined ? [] : [`port ${s.port}`]), ...(Object.keys(s.dependsOn).length > 0 ? [`depends on ${Object.keys(s.dependsOn).join(', ')}`] : [])];
    return facts.length > 0 ? `${s.name} (${facts.join('; ')})` : s.name;
  });
  const count = services.length === 1 ? '1 service' : `${services.length} services`;
  return `${config.name} (${file}) is valid: ${count}: ${services.join(', ')}. Values of secret-named variables and URL passwords are masked.`;
}
