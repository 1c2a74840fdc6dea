import type { Command } from 'commander';
import { currentStatus } from '../../client/status.js';
import { formatStatus } from '../fast-status.js';
import { locateProject } from '../project.js';

export async function statusCommand(program: Command, options: { json?: boolean }): Promise<void> {
  const paths = locateProject(program);
  console.log(formatStatus(await currentStatus(paths), options.json === true));
}
