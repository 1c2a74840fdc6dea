/**
 * What `stack wait` prints: a line per service as it gets there (or cannot), then either
 * nothing more (exit 0) or the sentence that says who is not there and why (exit 1).
 * With --json, stdout is the result alone: `{ ok, for, timedOut, services: [{ name,
 * state, health, pid, ok, reason }] }` (status --json's field names).
 */
import chalk from 'chalk';
import { StackError } from '../../errors.js';
import type { ServiceProgress } from '../../protocol/messages.js';
import type { WaitCondition, WaitDone, WaitResult } from '../../protocol/wait.js';
import { serviceLabel } from './colors.js';

export class WaitReport {
  private readonly width: number;
  /** Services that can no longer get there (as opposed to not there yet). */
  private readonly failed = new Set<string>();

  constructor(
    private readonly services: readonly string[],
    private readonly condition: WaitCondition,
    private readonly json: boolean,
  ) {
    this.width = Math.max(...services.map((s) => s.length), 4);
  }

  progress(event: ServiceProgress): void {
    if (event.phase === 'failed') this.failed.add(event.service);
    if (this.json) return;
    const pid = event.pid ? chalk.dim(` (pid ${event.pid})`) : '';
    if (event.phase === 'failed') this.line(chalk.red('✖'), event.service, chalk.red(event.detail ?? 'failed'));
    else this.line(chalk.green('✔'), event.service, `${this.condition}${pid}`);
  }

  /** Prints the outcome; throws the StackError of a failed wait (exit 1). */
  finish(done: WaitDone, daemonRunning: boolean): void {
    if (this.json) {
      console.log(JSON.stringify(waitDocument(this.condition, done), null, 2));
      if (!done.ok) process.exitCode = 1;
      return;
    }
    const error = this.failure(done, daemonRunning);
    if (error) throw error;
  }

  /** The sentence of a failed wait, as the CLI prints it (null when it succeeded): who cannot get there and why, or who is not there yet. */
  failure(done: WaitDone, daemonRunning: boolean): StackError | null {
    if (done.ok) return null;
    const missing = done.results.filter((r) => !r.ok);
    const final = missing.filter((r) => this.failed.has(r.name));
    return failure(this.condition, final.length > 0 ? final : missing, final.length > 0, daemonRunning, missing.length === this.services.length);
  }

  private line(mark: string, service: string, text: string): void {
    console.log(`${mark} ${serviceLabel(service, this.services.indexOf(service), this.width)}  ${text}`);
  }
}

/** `stack wait --json` (and `stack mcp`'s wait tool): `{ ok, for, timedOut, services }`. */
export function waitDocument(condition: WaitCondition, done: WaitDone): WaitDocument {
  return { ok: done.ok, for: condition, timedOut: done.timedOut, services: done.results };
}

export interface WaitDocument {
  ok: boolean;
  for: WaitCondition;
  timedOut: boolean;
  services: WaitResult[];
}

function failure(condition: WaitCondition, results: WaitResult[], final: boolean, daemonRunning: boolean, everything: boolean): StackError {
  const names = results.map((r) => r.name);
  if (!daemonRunning) {
    return new StackError('WAIT_FAILED', `${names.join(', ')} cannot become ${condition}: nothing runs (no stack daemon runs for this project).`, {
      hint: `start ${names.length === 1 ? 'it' : 'them'} first: stack up${everything ? '' : ` ${names.join(' ')}`}`,
    });
  }
  const sentences = results.map((r) => (final ? `${r.name} will not be ${condition}: ${r.reason}` : `${r.name} is ${r.reason}`));
  const hint = final
    ? `see why: stack logs ${names[0]}; once fixed: stack restart ${names.join(' ')}`
    : 'they keep starting in the background: stack status shows where they are, stack logs <service> why';
  return new StackError('WAIT_FAILED', `${sentences.join('; ')}.`, { hint });
}
