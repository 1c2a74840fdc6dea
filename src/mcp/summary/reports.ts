/**
 * The text that comes with doctor's, wait's and up/down/restart's JSON, root cause
 * first: doctor's findings are ordered that way already; a failed operation leads with
 * the failing service's reason and log tail, as the CLI prints them.
 */
import { stripVTControlCharacters } from 'node:util';
import type { DoctorReport } from '../../doctor/types.js';
import { summaryLine } from '../../cli/render/doctor-report.js';
import type { OperationJson, OperationServiceJson } from '../../cli/render/operation-json.js';
import type { WaitDocument } from '../../cli/render/wait-report.js';
import { formatDuration } from '../../format.js';
import { list } from './status.js';

/** At most this many findings are spelled out; the JSON has them all. */
const SPELLED_OUT = 5;

export function doctorSummary(report: DoctorReport, services: readonly string[]): string {
  const overall = stripVTControlCharacters(summaryLine(report, services.length)).replace(/^[✖⚠✔]\s*/, '');
  const serious = report.findings.filter((f) => f.severity !== 'info');
  if (serious.length === 0) return `${capital(overall)}.`;
  const [root, ...rest] = serious;
  const parts = [`Root cause: ${root!.message}; next: ${root!.hint}.`];
  for (const f of rest.slice(0, SPELLED_OUT - 1)) parts.push(`Then: ${f.message}; next: ${f.hint}.`);
  if (rest.length >= SPELLED_OUT) parts.push(`(${rest.length - SPELLED_OUT + 1} more in the JSON.)`);
  parts.push(`${capital(overall)}.`);
  return parts.join(' ');
}

/** A failed call, as the CLI printed it to stderr: the error's lines and the failure lines before them. */
export interface FailureText {
  /** The reasons and log tails (reportFailures' lines), in order. */
  details: string[];
  /** The error sentence and its hint. */
  error: string[];
}

export function operationSummary(verb: string, doc: OperationJson, failure: FailureText | null): string {
  const parts: string[] = [];
  if (failure) {
    const details = failure.details.map((l) => stripVTControlCharacters(l).trimEnd()).filter((l) => l.trim() !== '');
    parts.push([...details, ...failure.error.map((l) => stripVTControlCharacters(l))].join('\n'));
  }
  if (doc.services.length === 0) parts.push(failure ? '' : `No service needed to be ${verb}.`);
  else parts.push(`${failure ? 'Now' : capital(verb)}: ${doc.services.map(serviceWords).join('; ')}.`);
  return parts.filter((p) => p !== '').join('\n');
}

/** "api running, healthy, pid 4242 (306ms)", "web stopped: its dependency api failed". */
function serviceWords(s: OperationServiceJson): string {
  const words: string[] = [s.state];
  if (s.health !== 'unknown') words.push(s.health);
  if (s.pid !== null) words.push(`pid ${s.pid}`);
  const took = s.elapsedMs === null ? '' : ` (${formatDuration(s.elapsedMs)})`;
  return `${s.name} ${words.join(', ')}${took}${s.error ? `: ${s.error}` : ''}`;
}

/** The wait tool's text: who got there; or the CLI's own sentence for who cannot, and why. */
export function waitSummary(doc: WaitDocument, error: string[]): string {
  if (doc.ok) {
    const alone = doc.services.length === 1;
    const pids = doc.services.filter((r) => r.pid !== null).map((r) => (alone ? `pid ${r.pid}` : `${r.name} pid ${r.pid}`));
    const is = alone ? 'is' : 'are';
    return `${list(doc.services.map((r) => r.name))} ${is} ${doc.for}${pids.length > 0 ? ` (${pids.join(', ')})` : ''}.`;
  }
  return error.map((l) => stripVTControlCharacters(l)).join('\n');
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
