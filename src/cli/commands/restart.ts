import type { Command } from 'commander';
import { redactorFor } from '../../protocol/redact.js';
import { dependencyMapOf, withDependencies, withDependents } from '../../graph/graph.js';
import { ensureDaemon } from '../../client/daemon-client.js';
import { daemonControl } from '../../client/daemon-control.js';
import { checkServiceNames, loadProjectConfig, locateProject, requestEnv } from '../project.js';
import { runOperation, type OperationOptions } from '../run-operation.js';
import type { StackConfig } from '../../config/types.js';
import type { ProjectPaths } from '../../project-dir.js';

export interface RestartOptions {
  withDeps?: boolean;
  dependents?: boolean;
  json?: boolean;
}

export async function restartCommand(program: Command, names: string[], options: RestartOptions): Promise<void> {
  const paths = locateProject(program);
  const config = await loadProjectConfig(paths);
  const operation = restartOperation(paths, config, names, options);
  await ensureDaemon(paths);
  await runOperation(paths, { ...operation, json: options.json });
}

/** What `restart` asks the daemon and how it is reported (`stack mcp`'s restart tool runs the same); checks the names first. */
export function restartOperation(paths: ProjectPaths, config: StackConfig, names: readonly string[], options: RestartOptions): OperationOptions {
  checkServiceNames(config, names);
  const deps = dependencyMapOf(config.services);
  let targets = [...names];
  if (options.withDeps) targets = withDependencies(deps, targets);
  if (options.dependents) targets = [...new Set([...targets, ...withDependents(deps, targets)])];
  return {
    control: daemonControl(paths),
    operation: { name: 'restart', body: { config, services: targets, env: requestEnv() } },
    services: Object.keys(config.services),
    redact: redactorFor(config),
    verb: 'restarted',
    focus: targets,
  };
}
