/**
 * One doctor pass: load stack.yaml (a broken one is a finding, not a crash), take the
 * current status (with or without a daemon), run the checks, keep the findings about
 * the named services and what they depend on, and order them root cause first.
 */
import path from 'node:path';
import { currentStatus } from '../client/status.js';
import { startedWithConfigs } from '../client/started-with.js';
import { redactDeep, redactorFor } from '../protocol/redact.js';
import type { StackConfig } from '../config/types.js';
import type { StatusResponse } from '../protocol/status.js';
import { ConfigError } from '../errors.js';
import { dependencyMapOf, withDependencies, type Deps } from '../graph/graph.js';
import { serviceRunDir, type ProjectPaths } from '../project-dir.js';
import { isOk, rootCauseOrder } from './root-cause.js';
import { CHECKS, STATIC_CHECKS } from './checks/index.js';
import { runChecks } from './runner.js';
import { stagedSource } from './staged-config.js';
import { servicesForFiles, stagedFiles } from './staged-services.js';
import type { CheckContext, DoctorReport, Finding } from './types.js';

export interface Diagnosis {
  report: DoctorReport;
  /** Every finding before folding (what --fix acts on). */
  raw: Finding[];
  context: CheckContext;
  /** The services looked at, in config order. */
  services: string[];
}

export interface DiagnoseOptions {
  /**
   * Pre-commit mode: the staged stack file, and only the services whose watched sources
   * are staged (plus what they depend on). Those must be running and fresh: a change
   * committed against a stopped or stale service was never tried.
   */
  staged?: boolean;
}

export async function loadContext(paths: ProjectPaths, options: DiagnoseOptions = {}): Promise<CheckContext> {
  const { loadConfig, parseConfig } = await import('../config/index.js');
  const { loadChoosingPorts } = await import('../config/auto-port.js');
  const { PortBook } = await import('../runtime/ports/port-book.js');
  let config: StackConfig | null = null;
  let configError: ConfigError | null = null;
  const staged = options.staged ? await stagedSource(paths.configFile) : null;
  try {
    const book = new PortBook(paths.runtimeDir);
    config = await loadChoosingPorts(
      (autoPorts) => (staged === null ? loadConfig(paths.configFile, { env: process.env, autoPorts }) : parseConfig(staged, paths.configFile, { env: process.env, autoPorts })),
      book,
    );
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    configError = error;
  }
  let status: StatusResponse | null = null;
  try {
    // The working tree's stack.yaml, as loaded above (with --staged, that one is the index's).
    status = await currentStatus(paths, { firstStale: options.staged === true, config: staged === null ? (config ?? undefined) : undefined });
  } catch (error) {
    // Without a daemon, status needs a loadable stack.yaml: the config findings say why.
    if (!(error instanceof ConfigError)) throw error;
  }
  const startedWith = status?.daemon.running ? await startedWithConfigs(paths) : {};
  return { paths, config, configError, status, startedWith };
}

export function dependencyMap(config: StackConfig | null): Deps {
  if (!config) return {};
  return dependencyMapOf(config.services);
}

export async function diagnose(paths: ProjectPaths, selected: readonly string[] = [], options: DiagnoseOptions = {}): Promise<Diagnosis> {
  const context = await loadContext(paths, options);
  const deps = dependencyMap(context.config);
  const all = context.config ? Object.keys(context.config.services) : (context.status?.services.map((s) => s.name) ?? []);
  let services = selected.length === 0 ? all : withDependencies(deps, selected).filter((n) => all.includes(n));
  let checks = CHECKS;
  if (options.staged && context.config) {
    // Only what the commit is about; nothing staged of any service → the file checks alone.
    // (A staged stack.yaml that does not load is reported in full, below.)
    const touched = servicesForFiles(context.config, stagedFiles(paths.root), (name) => path.join(serviceRunDir(paths, name), 'loaded'));
    services = services.filter((n) => touched.includes(n));
    if (services.length === 0) checks = STATIC_CHECKS;
  }
  const inScope = new Set(services);
  let raw = (await runChecks(context, checks)).filter((f) => f.service === null || inScope.has(f.service) || !all.includes(f.service));
  if (options.staged) raw = raw.map(notRunningIsAnError);
  // Findings quote log lines and environment values: no secret reaches the report.
  raw = redactDeep(raw, redactorFor(context.config));
  const findings = rootCauseOrder(raw, deps);
  return { report: { ok: isOk(findings), findings }, raw, context, services: all.filter((n) => inScope.has(n)) };
}

/** In pre-commit mode a service the staged change touches must be up to have been tried. */
function notRunningIsAnError(finding: Finding): Finding {
  if (finding.check !== 'service-down' || finding.severity !== 'info') return finding;
  return {
    ...finding,
    severity: 'error',
    message: `${finding.message}: the staged changes to it were not tried against a running service`,
  };
}
