import type { Command } from 'commander';
import { ensureDaemon } from '../../client/daemon-client.js';
import { checkServiceNames, loadProjectConfig, locateProject } from '../project.js';
import { runOperation } from '../run-operation.js';

export async function restartCommand(program: Command, names: string[]): Promise<void> {
  const paths = locateProject(program);
  const config = await loadProjectConfig(paths);
  checkServiceNames(config, names);
  await ensureDaemon(paths);
  await runOperation(paths, {
    path: '/restart',
    body: { config, services: names },
    services: Object.keys(config.services),
    verb: 'restarted',
    focus: names,
  });
}
