import type { Command } from 'commander';
import { currentStatus } from '../../client/status.js';
import { locateProject } from '../project.js';
import { renderStatus } from '../render/status-table.js';

export async function statusCommand(program: Command, options: { json?: boolean }): Promise<void> {
  const paths = locateProject(program);
  const status = await currentStatus(paths);
  if (options.json) console.log(JSON.stringify(status, null, 2));
  else console.log(renderStatus(status));
}
