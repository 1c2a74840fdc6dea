/**
 * `stack completion bash|zsh|fish` prints a completion script; `stack completion --services`
 * (hidden) is what those scripts call back at completion time: the service names of the
 * stack.yaml in reach, one a line. A shell waits on that call, so it never fails loudly:
 * no stack.yaml, or a broken one, prints nothing and exits 0.
 */
import type { Command } from 'commander';
import { StackError } from '../../errors.js';
import { bashScript } from '../completion/bash.js';
import { fishScript } from '../completion/fish.js';
import { completionModel, SHELLS, type Shell } from '../completion/model.js';
import { zshScript } from '../completion/zsh.js';
import { loadProjectConfig, locateProject } from '../project.js';

const RENDERERS: Record<Shell, typeof bashScript> = { bash: bashScript, zsh: zshScript, fish: fishScript };

export async function completionCommand(program: Command, shell: string | undefined, options: { services?: boolean }): Promise<void> {
  if (options.services) {
    process.stdout.write(await serviceNames(program));
    return;
  }
  if (shell === undefined || !(SHELLS as readonly string[]).includes(shell)) {
    const what = shell === undefined ? 'stack completion needs a shell' : `stack completion does not know the shell "${shell}"`;
    throw new StackError('USAGE', `${what}: it supports bash, zsh and fish.`, { exitCode: 2, hint: 'e.g. source <(stack completion bash)' });
  }
  process.stdout.write(RENDERERS[shell as Shell](completionModel(program)));
}

async function serviceNames(program: Command): Promise<string> {
  try {
    const config = await loadProjectConfig(locateProject(program), { choosePorts: false });
    return Object.keys(config.services).map((name) => `${name}\n`).join('');
  } catch {
    return '';
  }
}
