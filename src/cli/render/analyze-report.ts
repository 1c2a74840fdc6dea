/**
 * `stack analyze` as text: the critical chain as a tree (the service that was ready last
 * on top, what it waited for under it, like `systemd-analyze critical-chain`), each with
 * `@` (ready, after the up began) and `+` (its share of the total), then its parts; the
 * services off the chain after it; and the sum that matches the total `up` printed.
 */
import chalk from 'chalk';
import type { Analysis, AnalyzedService } from '../../analyze/read.js';
import { formatClock, formatDuration } from '../../format.js';

/** 0.41s: the parts are short, and two decimals let them be added up by eye. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

/** `directory`: the project's name when the timeline does not say (no up yet). */
export function renderAnalysis(a: Analysis, directory: string): string {
  const lines: string[] = [];
  const project = a.up?.project ?? directory;
  if (!a.up) return `${chalk.bold(project)}: ${a.problem ?? 'nothing to analyse'}`;
  const ready = a.services.filter((s) => s.outcome === 'ready' || s.outcome === 'completed' || s.outcome === 'already-running').length;
  const total = a.up.elapsedMs === null ? '' : ` in ${formatDuration(a.up.elapsedMs)}`;
  const head = a.ok ? `the last up (${formatClock(a.up.startedAt)}): ${ready} ${ready === 1 ? 'service' : 'services'} ready${total}` : (a.problem ?? '');
  lines.push(`${chalk.bold(project)}: ${a.ok ? head : chalk.red(head)}`);
  if (a.up.laterNoOps > 0) lines.push(chalk.dim(`(${a.up.laterNoOps === 1 ? 'a later up' : `${a.up.laterNoOps} later ups`} found everything running already)`));
  const chain = a.critical.map((name) => a.services.find((s) => s.name === name)!);
  if (chain.length > 0) {
    lines.push('', `critical chain: ${chain.map((s) => s.name).join(' → ')}  ${chalk.dim('(@ ready after the up began, + its share of the total)')}`);
    [...chain].reverse().forEach((s, depth) => lines.push(`${depth === 0 ? '' : `${'  '.repeat(depth - 1)}└─`}${chainLine(s)}`));
  }
  const off = a.services.filter((s) => !s.critical && s.outcome !== 'already-running' && s.outcome !== 'blocked');
  if (off.length > 0) {
    lines.push('', 'off the chain:');
    for (const s of off) lines.push(`  ${offLine(s)}`);
  }
  const blocked = a.services.filter((s) => s.outcome === 'blocked');
  if (blocked.length > 0) lines.push('');
  for (const s of blocked) lines.push(`  ${chalk.yellow(`⊘ ${s.name}  ${s.error ?? 'not started'}`)}`);
  const running = a.services.filter((s) => s.outcome === 'already-running').map((s) => s.name);
  if (running.length > 0) lines.push('', chalk.dim(`already running, not started by this up: ${running.join(', ')}`));
  if (a.ok && a.chainMs !== null && a.finishingMs !== null && a.up.elapsedMs !== null) {
    const shares = chain.map((s) => `${s.name} ${seconds(s.addsMs ?? 0)}`).join(' + ');
    lines.push('', `total ${seconds(a.up.elapsedMs)} = ${shares} + ${seconds(a.finishingMs)} finishing (watching sources, saving state)`);
  }
  return lines.join('\n');
}

function chainLine(s: AnalyzedService): string {
  const mark = s.outcome === 'failed' ? chalk.red('✖') : chalk.bold('▶');
  const when = s.readyAtMs !== null ? `@${seconds(s.readyAtMs)}` : s.failedAtMs !== null ? chalk.red(`failed @${seconds(s.failedAtMs)}`) : '';
  const share = s.addsMs === null ? '' : `  +${seconds(s.addsMs)}`;
  return `${mark} ${chalk.bold(s.name)}  ${when}${share}  ${chalk.dim(parts(s))}${failure(s)}`;
}

function offLine(s: AnalyzedService): string {
  const mark = s.outcome === 'failed' ? chalk.red('✖') : s.outcome === 'unfinished' ? chalk.yellow('…') : chalk.green('✔');
  const when = s.readyAtMs !== null ? `@${seconds(s.readyAtMs)}` : s.failedAtMs !== null ? chalk.red(`failed @${seconds(s.failedAtMs)}`) : chalk.yellow('not ready');
  return `${mark} ${s.name}  ${when}  ${chalk.dim(parts(s))}${failure(s)}`;
}

function failure(s: AnalyzedService): string {
  return s.outcome === 'failed' && s.error ? `\n    ${chalk.red(`stopped here: ${s.error}`)}` : '';
}

/** "waited 0.41s for db · spawn 0.01s · listening after 0.10s · ready after 0.29s". */
export function parts(s: AnalyzedService): string {
  const out: string[] = [];
  if (s.waitingMs !== null && (s.waitedFor !== null || s.waitingMs >= 10)) out.push(`waited ${seconds(s.waitingMs)}${s.waitedFor ? ` for ${s.waitedFor}` : ''}`);
  if (s.heldMs !== null) out.push(`of which held back ${seconds(s.heldMs)} while ${s.heldFor.join(', ')} started`);
  if (s.buildMs !== null) out.push(`build ${seconds(s.buildMs)}`);
  if (s.spawnMs !== null) out.push(`spawn ${seconds(s.spawnMs)}`);
  if (s.listenMs !== null) out.push(`listening after ${seconds(s.listenMs)}`);
  if (s.readyMs !== null) out.push(`${s.outcome === 'completed' ? 'completed' : 'ready'} after ${seconds(s.readyMs)}`);
  return out.join(' · ');
}
