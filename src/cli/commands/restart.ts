import type { Command } from 'commander';
import { redactorFor } from '../../protocol/redact.js';
import { dependencyMapOf, withDependencies, withDependents } from '../../graph/graph.js';
import { ensureDaemon } from '../../client/daemon-client.js';
import { daemonControl } from '../../client/daemon-control.js';
import { checkServiceNames, loadProjectConfig, locateProject, requestEnv } from '../project.js';
import { runOperation } from '../run-operation.js';

interface RestartOptions {
  withDeps?: boolean;
  dependents?: boolean;
  json?: boolean;
}

export async function restartCommand(program: Command, names: string[], options: RestartOptions): Promise<void> {
  const paths = locateProject(program);
  const config = await loadProjectConfig(paths);
  checkServiceNames(config, names);
  const deps = dependencyMapOf(config.services);
  let targets = names;
  if (options.withDeps) targets = withDependencies(deps, targets);
  if (options.dependents) targets = [...new Set([...targets, ...withDependents(deps, targets)])];
  await ensureDaemon(paths);
  await runOperation(paths, {
    control: daemonControl(paths),
    operation: { name: 'restart', body: { config, services: targets, env: requestEnv() } },
    services: Object.keys(config.services),
    redact: redactorFor(config),
    verb: 'restarted',
    focus: targets,
    json: options.json,
  });
}
