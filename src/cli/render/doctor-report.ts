/**
 * `stack doctor` as people read it: findings grouped by service (root causes first, as
 * ordered), each with ✖/⚠/ℹ, its message and a `→ next command` line; services with
 * nothing to report get a ✔; one summary line at the end.
 */
import chalk from 'chalk';
import type { DoctorReport, Finding } from '../../doctor/types.js';

const MARK = {
  error: () => chalk.red('✖'),
  warning: () => chalk.yellow('⚠'),
  info: () => chalk.dim('ℹ'),
} as const;

export interface RenderOptions {
  /** Pre-commit mode: only the file and the commands were checked, not running services. */
  staged?: boolean;
}

export function renderDoctorReport(report: DoctorReport, services: readonly string[], options: RenderOptions = {}): string {
  const lines: string[] = [];
  const groups = new Map<string | null, Finding[]>();
  for (const f of report.findings) {
    const list = groups.get(f.service);
    if (list) list.push(f);
    else groups.set(f.service, [f]);
  }
  for (const [service, findings] of groups) {
    lines.push(chalk.bold(service ?? 'stack.yaml'));
    for (const f of findings) {
      lines.push(`  ${MARK[f.severity]()} ${f.message}`);
      if (f.hint) lines.push(chalk.dim(`    → ${f.hint}`));
    }
  }
  // A service another finding blames is never called fine, even when it has no finding of its own.
  const blamed = new Set(report.findings.flatMap((f) => (f.causedBy ? [f.causedBy] : [])));
  const clean = services.filter((s) => !groups.has(s) && !blamed.has(s));
  if (clean.length > 0) lines.push(`${chalk.green('✔')} ${clean.join(', ')}: no problems found`);
  lines.push('', summaryLine(report, services.length, options));
  return lines.join('\n');
}

const CONFIG_CHECKS = new Set<Finding['check']>(['config-invalid', 'dependency-cycle', 'dependency-missing', 'duplicate-port', 'cwd-missing', 'env-file-missing']);

export function summaryLine(report: DoctorReport, serviceCount: number, options: RenderOptions = {}): string {
  const errors = report.findings.filter((f) => f.severity === 'error');
  const warnings = report.findings.filter((f) => f.severity === 'warning');
  const notes = report.findings.filter((f) => f.severity === 'info');
  if (errors.length > 0) {
    // Config problems are one thing to fix (the file), each listed above with its line.
    const config = errors.filter((f) => CONFIG_CHECKS.has(f.check));
    const what = [
      ...(config.length > 0 ? [`${/^(\S+?):\d+:\d+/.exec(config[0]!.message)?.[1] ?? 'the stack file'} has ${plural(config.length, 'problem')}`] : []),
      ...errors.filter((f) => !CONFIG_CHECKS.has(f.check)).map(shortPhrase),
    ];
    const also = warnings.length > 0 ? ` (and ${plural(warnings.length, 'warning')})` : '';
    return chalk.red(`✖ ${plural(errors.length, 'problem')}: ${dedupe(what).join('; ')}${also}`);
  }
  if (warnings.length > 0) return chalk.yellow(`⚠ no errors; ${plural(warnings.length, 'warning')}: ${dedupe(warnings.map(shortPhrase)).join('; ')}`);
  if (notes.length > 0) {
    const down = notes.filter((f) => f.check === 'service-down').map((f) => f.service);
    return `${chalk.green('✔')} no problems; not running: ${down.join(', ')} (start with: stack up)`;
  }
  if (options.staged) {
    return serviceCount === 0
      ? `${chalk.green('✔')} the staged changes touch no service's sources; the stack file checks out`
      : `${chalk.green('✔')} the ${plural(serviceCount, 'service')} the staged changes touch are up, healthy and fresh`;
  }
  return `${chalk.green('✔')} all ${plural(serviceCount, 'service')} healthy and fresh`;
}

/** "api is down", "web depends on it": the gist of a finding for the summary line. */
export function shortPhrase(f: Finding): string {
  const s = f.service ?? 'stack.yaml';
  switch (f.check) {
    case 'service-down':
      return f.message.startsWith(`${s} is not started`) ? `${s} is not started` : `${s} is down`;
    case 'crash-loop':
      return `${s} is crash-looping`;
    case 'service-unhealthy':
      if (f.severity === 'warning') return `${s} is not ready yet`;
      return f.message.startsWith(`${s} is starting again`) ? `${s} is restarting after a crash` : `${s} is unhealthy`;
    case 'stale-code':
      return `${s} runs stale code`;
    case 'config-changed':
      return f.message.includes('no longer lists it') ? `${s} is no longer in stack.yaml` : `${s} runs with an older config`;
    case 'stale-build':
      return `${s}'s last build failed`;
    case 'dependency-down':
      return `${s} depends on ${f.causedBy ?? 'a failing service'}`;
    case 'dependency-unreachable':
      return `${s} cannot reach a host:port it is configured with`;
    case 'port-conflict':
      return `${s}'s port is held by a process stack did not start`;
    case 'port-mismatch':
      return `${s} listens on another port than declared`;
    case 'health-port-mismatch':
      return `${s}'s health check probes another port`;
    case 'command-not-found':
      return `${s}'s command is not found`;
    default:
      return `stack.yaml: ${f.check}`;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}
