/**
 * `stack doctor [svc…] [--json] [--fix] [--staged]`: the check catalogue, root causes
 * first. Exit 1 when any finding is an error (a broken stack.yaml included: it is
 * reported as findings, not as the exit-2 config crash), 0 otherwise; 2 for usage errors.
 */
import type { Command } from 'commander';
import type { Diagnosis } from '../../doctor/diagnose.js';
import { scanAhead, stopScansAhead } from '../../doctor/scan-ahead.js';
import type { Finding } from '../../doctor/types.js';
import { ExitError, StackError } from '../../errors.js';
import type { ProjectPaths } from '../../project-dir.js';
import { findConfigFile } from '../../config/find.js';
import { projectPaths } from '../../project-dir.js';
import { checkServiceNames, requestEnv, type GlobalOptions } from '../project.js';

export interface DoctorOptions {
  json?: boolean;
  fix?: boolean;
  staged?: boolean;
}

export async function doctorCommand(program: Command, names: string[], options: DoctorOptions): Promise<void> {
  await doctor(program.opts<GlobalOptions>().file, names, options);
}

/** The command itself; `file` is -f/--file as given. bin/stack.js's fast path calls it too (cli/fast-doctor.ts). */
export async function doctor(file: string | undefined, names: string[], options: DoctorOptions): Promise<void> {
  const paths = projectPaths(findConfigFile({ file, cwd: process.cwd(), env: process.env }));
  if (options.staged && options.fix) {
    throw new StackError('USAGE', '--staged and --fix do not go together: --staged is the pre-commit check, it changes nothing.', {
      exitCode: 2,
      hint: 'run stack doctor --fix first, then commit',
    });
  }
  // Before the modules below load: git's stat pass for a foreign process then runs meanwhile.
  await scanAhead(paths);
  try {
    const [{ diagnose }, { renderDoctorReport }] = await Promise.all([import('../../doctor/diagnose.js'), import('../render/doctor-report.js')]);
    let diagnosis = await diagnose(paths, names, { staged: options.staged === true });
    if (diagnosis.context.config && names.length > 0) checkServiceNames(diagnosis.context.config, names);

    if (options.fix) diagnosis = await fix(paths, names, diagnosis, options.json === true);

    if (options.json) console.log(JSON.stringify(diagnosis.report, null, 2));
    else console.log(renderDoctorReport(diagnosis.report, diagnosis.services, { staged: options.staged === true }));
    // The report says it all; exit 1 without another message.
    if (!diagnosis.report.ok) throw new ExitError(1);
  } finally {
    stopScansAhead();
  }
}

async function fix(
  paths: ProjectPaths,
  names: string[],
  before: Diagnosis,
  json: boolean,
): Promise<Diagnosis> {
  // With --json, stdout is the report alone; progress goes to stderr.
  const say = (line: string): void => (json ? console.error(line) : console.log(line));
  const [{ default: chalk }, { redactorFor }, { diagnose, dependencyMap }, { planFix }, { shortPhrase }] = await Promise.all([
    import('chalk'),
    import('../../protocol/redact.js'),
    import('../../doctor/diagnose.js'),
    import('../../doctor/fix-plan.js'),
    import('../render/doctor-report.js'),
  ]);
  const config = before.context.config;
  const plan = planFix(before.raw, dependencyMap(config));
  for (const f of plan.leftAlone) say(chalk.yellow(`⚠ not touching ${f.service}: ${f.message}; → ${f.hint}`));
  if (!config || plan.restart.length === 0) {
    say(config ? 'nothing for --fix to restart' : 'stack.yaml does not load: --fix cannot restart anything');
    return before;
  }
  say(`restarting ${plan.restart.join(', ')}`);
  const [{ ensureDaemon }, { daemonControl }, { runOperation }] = await Promise.all([
    import('../../client/daemon-client.js'),
    import('../../client/daemon-control.js'),
    import('../run-operation.js'),
  ]);
  await ensureDaemon(paths);
  try {
    await runOperation(paths, {
      control: daemonControl(paths),
      operation: { name: 'restart', body: { config, services: plan.restart, env: requestEnv() } },
      services: Object.keys(config.services),
      redact: redactorFor(config),
      verb: 'restarted',
      focus: plan.restart,
      write: say,
    });
  } catch (error) {
    // A restart that fails is reported by the checks that run next.
    if (!(error instanceof StackError)) throw error;
    say(chalk.red(`✖ ${error.message}`));
  }
  const after = await diagnose(paths, names);
  const key = (f: Finding): string => `${f.check}|${f.service}`;
  const still = new Set(after.raw.map(key));
  const fixed = before.report.findings.filter((f) => f.severity === 'error' && !still.has(key(f)));
  say(fixed.length > 0 ? chalk.green(`✔ fixed: ${fixed.map(shortPhrase).join('; ')}`) : 'nothing changed');
  return after;
}
