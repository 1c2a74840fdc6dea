import type { Command } from 'commander';
import { currentStatus } from '../../client/status.js';
import { formatStatus } from '../fast-status.js';
import { locateProject } from '../project.js';

export async function statusCommand(program: Command, options: { json?: boolean; watch?: boolean; interval: number }): Promise<void> {
  const paths = locateProject(program);
  if (options.watch) {
    const { watchStatus } = await import('../watch/status-watch.js');
    return watchStatus(paths, { json: options.json === true, intervalMs: options.interval });
  }
  console.log(formatStatus(await currentStatus(paths), options.json === true));
}
