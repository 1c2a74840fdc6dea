// `stack completion`: the bash script is valid and completes commands and, through the
// `stack completion --services` call back, the service names of the stack.yaml in reach.
// zsh and fish are not installed here: their scripts are checked for naming every command.
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STACK_BIN } from '../helpers/cli.js';
import { oneshotTask, stackYaml } from '../helpers/fixtures.js';
import { buildProgram } from '../../src/cli/main.js';
import { printed, runExpecting, useProjects } from './support.js';

const project = useProjects();
const COMMANDS = buildProgram().commands.flatMap((c) => [c.name(), ...c.aliases()]);

/** A directory holding a `stack` on PATH that runs this checkout's CLI, as an installed one would. */
function binDir(dir: string): string {
  const bin = path.join(dir, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  writeFileSync(path.join(bin, 'stack'), `#!/bin/sh\nexec "${process.execPath}" "${STACK_BIN}" "$@"\n`);
  chmodSync(path.join(bin, 'stack'), 0o755);
  return bin;
}

/** Sources the bash script, then calls its completion function for `words` (the last one is being completed). */
function completeInBash(dir: string, script: string, words: string[]): string[] {
  writeFileSync(path.join(dir, 'completion.bash'), script);
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const program = [
    'source ./completion.bash',
    'fn=$(complete -p stack | sed -E "s/.*-F ([^ ]+).*/\\1/")',
    `COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}`,
    '"$fn"',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const run = spawnSync('bash', ['--norc', '--noprofile', '-c', program], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${binDir(dir)}:${process.env.PATH}`, STACK_FILE: undefined, NO_COLOR: '1' },
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\n').filter((l) => l !== '');
}

describe('stack completion', () => {
  it('prints a bash script that is valid and completes commands, options and service names', async () => {
    const p = await project('completion-bash', { 'stack.yaml': stackYaml({ db: oneshotTask(), api: oneshotTask() }) });
    const { stdout: script } = await runExpecting(p.dir, ['completion', 'bash'], 0);
    const syntax = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
    expect(syntax.status, syntax.stderr).toBe(0);

    expect(completeInBash(p.dir, script, ['stack', 're'])).toEqual(['restart']);
    expect(completeInBash(p.dir, script, ['stack', 'restart', ''])).toEqual(['db', 'api']);
    expect(completeInBash(p.dir, script, ['stack', 'logs', '-f', 'a'])).toEqual(['api']);
    expect(completeInBash(p.dir, script, ['stack', 'restart', '--with'])).toEqual(['--with-deps']);
    expect(completeInBash(p.dir, script, ['stack', 'wait', '--for', 'c'])).toEqual(['completed']);
    expect(completeInBash(p.dir, script, ['stack', 'completion', 'f'])).toEqual(['fish']);
    // The hidden option is not offered.
    expect(completeInBash(p.dir, script, ['stack', 'completion', '--s'])).toEqual([]);
  });

  it('completes the services of the file named with -f on the line', async () => {
    const p = await project('completion-file', { 'other/stack.yaml': stackYaml({ worker: oneshotTask() }) });
    const { stdout: script } = await runExpecting(p.dir, ['completion', 'bash'], 0);
    expect(completeInBash(p.dir, script, ['stack', '-f', 'other/stack.yaml', 'down', ''])).toEqual(['worker']);
    expect(completeInBash(p.dir, script, ['stack', 'up', '--file', 'other/stack.yaml', 'w'])).toEqual(['worker']);
  });

  it('--services prints the names one a line, and nothing (exit 0) without a stack.yaml or with a broken one', async () => {
    const p = await project('completion-svcs', { 'stack.yaml': stackYaml({ db: oneshotTask(), api: oneshotTask() }) });
    expect((await runExpecting(p.dir, ['completion', '--services'], 0)).stdout).toBe('db\napi');

    const empty = await project('completion-none');
    const none = await runExpecting(empty.dir, ['completion', '--services'], 0);
    expect(none.stdout + none.stderr, printed(none)).toBe('');

    await empty.write('stack.yaml', 'services:\n  db: [not, a, service\n');
    const broken = await runExpecting(empty.dir, ['completion', '--services'], 0);
    expect(broken.stdout + broken.stderr, printed(broken)).toBe('');
  });

  it.each(['zsh', 'fish'])('prints a %s script naming every command and calling back for services', async (shell) => {
    const p = await project(`completion-${shell}`);
    const { stdout: script } = await runExpecting(p.dir, ['completion', shell], 0);
    for (const name of COMMANDS) expect(script, name).toMatch(new RegExp(`\\b${name}\\b`));
    expect(script).toMatch(/stack\b.*completion --services/);
    const installed = spawnSync(shell, ['-n'], { input: script, encoding: 'utf8' });
    if (installed.error === undefined) expect(installed.status, installed.stderr).toBe(0);
  });

  it('rejects an unknown shell with a usage error naming the three it supports', async () => {
    const p = await project('completion-bad');
    const result = await runExpecting(p.dir, ['completion', 'tcsh'], 2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/"tcsh".*bash, zsh and fish\./);
  });
});
