// `stack completion`: each shell's script is valid in that shell and completes commands,
// options, option values and, through the `stack completion --services` call back, the
// service names of the stack.yaml in reach (or named with -f on the line). bash and fish
// are driven through their own completion machinery; zsh's function runs in a real zsh
// with compsys' offering functions (_describe, compadd, _files) replaced by printers.
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

/** Sources the fish script, then asks fish itself what it completes for `line`. */
function completeInFish(dir: string, script: string, line: string): string[] {
  writeFileSync(path.join(dir, 'completion.fish'), script);
  const run = spawnSync('fish', ['--no-config', '-c', 'source ./completion.fish; complete -C $argv[1]', line], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${binDir(dir)}:${process.env.PATH}`, STACK_FILE: undefined, NO_COLOR: '1' },
  });
  expect(run.error, 'needs fish (apt-get install fish; .ci/run installs it)').toBeUndefined();
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0]!);
}

/** What compsys would offer: the zsh script's own function, with the offering functions printing. */
const ZSH_HARNESS = `
_describe() { local -a list; list=("\${(@P)2}"); print -l -- "\${list[@]%%:*}" }
compadd() { while [[ $# -gt 0 && "$1" != -- ]]; do shift; done; shift; print -l -- "$@" }
_files() { print -- '<files>' }
compdef() { : }
source ./_stack
words=("$@"); CURRENT=$#
_stack | while read -r line; do if [[ "$line" == "\${words[CURRENT]}"* ]]; then print -- "$line"; fi; done
`;

function completeInZsh(dir: string, script: string, words: string[]): string[] {
  writeFileSync(path.join(dir, '_stack'), script);
  writeFileSync(path.join(dir, 'harness.zsh'), ZSH_HARNESS);
  const run = spawnSync('zsh', ['-f', 'harness.zsh', ...words], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${binDir(dir)}:${process.env.PATH}`, STACK_FILE: undefined, NO_COLOR: '1' },
  });
  expect(run.error, 'needs zsh (apt-get install zsh; .ci/run installs it)').toBeUndefined();
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
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
    expect(completeInBash(p.dir, script, ['stack', 'hook', ''])).toEqual(['install', 'uninstall']);
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

  // Each case: the words on the line (the last is being completed), and what is offered.
  const CASES: Array<[string[], string[]]> = [
    [['stack', 're'], ['restart']],
    [['stack', 'restart', ''], ['db', 'api']],
    [['stack', '-f', 'other/stack.yaml', 'down', ''], ['worker']],
    [['stack', 'up', '--file', 'other/stack.yaml', 'w'], ['worker']],
    [['stack', 'logs', '-f', 'a'], ['api']],
    [['stack', 'wait', '--for', 'c'], ['completed']],
    [['stack', 'restart', '--with'], ['--with-deps']],
    [['stack', 'hook', ''], ['install', 'uninstall']],
    [['stack', 'completion', 'f'], ['fish']],
    [['stack', 'completion', '--s'], []],
    [['stack', '--fi'], ['--file']],
  ];

  it.each(['zsh', 'fish'] as const)('prints a %s script that is valid there and completes commands, options and service names', async (shell) => {
    const p = await project(`completion-${shell}`, {
      'stack.yaml': stackYaml({ db: oneshotTask(), api: oneshotTask() }),
      'other/stack.yaml': stackYaml({ worker: oneshotTask() }),
    });
    const { stdout: script } = await runExpecting(p.dir, ['completion', shell], 0);
    writeFileSync(path.join(p.dir, `script.${shell}`), script);
    const syntax = spawnSync(shell, ['-n', `script.${shell}`], { cwd: p.dir, encoding: 'utf8' });
    expect(syntax.error, `needs ${shell} (apt-get install ${shell}; .ci/run installs it)`).toBeUndefined();
    expect(syntax.status, syntax.stderr).toBe(0);

    const complete = (words: string[]): string[] =>
      shell === 'zsh' ? completeInZsh(p.dir, script, words) : completeInFish(p.dir, script, words.join(' '));
    for (const [words, offered] of CASES) {
      // fish sorts what it offers; the zsh function offers in stack.yaml's order, as bash does.
      expect(shell === 'fish' ? complete(words).sort() : complete(words), words.join(' ')).toEqual(shell === 'fish' ? [...offered].sort() : offered);
    }
    // Every command is offered where a command goes.
    expect(complete(['stack', '']).sort()).toEqual([...COMMANDS].sort());
  });

  it('rejects an unknown shell with a usage error naming the three it supports', async () => {
    const p = await project('completion-bad');
    const result = await runExpecting(p.dir, ['completion', 'tcsh'], 2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/"tcsh".*bash, zsh and fish\./);
  });
});
