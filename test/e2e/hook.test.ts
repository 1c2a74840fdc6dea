// `stack hook install` / `uninstall` in real git repositories, with real commits.
import { existsSync, statSync } from 'node:fs';
import { chmod, readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BLOCK_END, BLOCK_START, BLOCKED_LINE, SKIPPED_LINE } from '../../src/hook/hook-text.js';
import { printed, runExpecting, useProjects } from './support.js';
import { freePorts } from '../helpers/free-port.js';
import { git, gitEnv } from '../helpers/git.js';
import { stackYaml } from '../helpers/fixtures.js';
import type { Project } from '../helpers/project.js';

const project = useProjects();

const STACK_YAML = 'services:\n  api:\n    command: node -e "setInterval(() => {}, 1000)"\n';


/** `git commit` as a user runs it (hooks included); never throws. */
async function commit(p: Project, message: string, env: Record<string, string> = {}) {
  const result = await execa('git', ['commit', '-m', message], {
    cwd: p.dir,
    env: { ...gitEnv(p.dir), NO_COLOR: '1', STACK_DEBUG: undefined, ...env },
    extendEnv: true,
    reject: false,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.exitCode ?? -1, output: `${String(result.stdout)}\n${String(result.stderr)}` };
}

async function repo(name: string, files: Record<string, string> = {}): Promise<Project> {
  const p = await project(name, { 'stack.yaml': STACK_YAML, ...files });
  git(p.dir, ['init', '-q', '-b', 'main']);
  return p;
}

function hook(p: Project, args: string[], code = 0, cwd = p.dir) {
  return runExpecting(cwd, ['hook', ...args], code, { env: gitEnv(p.dir) });
}

const isExecutable = (file: string): boolean => (statSync(file).mode & 0o111) === 0o111;
const count = (text: string, needle: string): number => text.split(needle).length - 1;

const USER_HOOK = '#!/bin/sh\n# my own checks\necho "user hook ran" > user-hook-ran.txt\n';

describe('stack hook install', () => {
  it('creates an executable pre-commit hook holding the block, and says where', async () => {
    const p = await repo('hook-new');
    const result = await hook(p, ['install']);
    const file = p.path('.git/hooks/pre-commit');
    expect(result.stdout).toContain('created .git/hooks/pre-commit');
    expect(result.stdout).toContain('doctor --staged');
    expect(existsSync(file)).toBe(true);
    expect(isExecutable(file)).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).toContain(BLOCK_START);
    expect(text).toContain(BLOCK_END);
    expect(text).toContain('doctor --staged');
  });

  it('is idempotent: installing twice leaves one block', async () => {
    const p = await repo('hook-twice');
    await hook(p, ['install']);
    const first = await readFile(p.path('.git/hooks/pre-commit'), 'utf8');
    const again = await hook(p, ['install']);
    expect(again.stdout).toMatch(/already installed in \.git\/hooks\/pre-commit/);
    const second = await readFile(p.path('.git/hooks/pre-commit'), 'utf8');
    expect(second).toBe(first);
    expect(count(second, BLOCK_START)).toBe(1);
  });

  it('updates the block in place when its command changed (another stack.yaml)', async () => {
    const p = await repo('hook-update', { 'dev.yaml': STACK_YAML });
    await hook(p, ['install']);
    const result = await hook(p, ['install', '-f', 'dev.yaml']);
    expect(result.stdout).toContain('Updated the stack pre-commit hook in .git/hooks/pre-commit');
    const text = await readFile(p.path('.git/hooks/pre-commit'), 'utf8');
    expect(count(text, BLOCK_START)).toBe(1);
    expect(text).toContain('-f dev.yaml doctor --staged');
  });

  it('chains with an existing hook: a commit runs the user hook and then ours', async () => {
    const p = await repo('hook-chain', { 'a.txt': 'a\n' });
    await p.write('.git/hooks/pre-commit', USER_HOOK);
    await chmod(p.path('.git/hooks/pre-commit'), 0o755);
    const result = await hook(p, ['install']);
    expect(result.stdout).toContain('after the hook already there');
    const text = await readFile(p.path('.git/hooks/pre-commit'), 'utf8');
    expect(text.startsWith(USER_HOOK)).toBe(true);

    git(p.dir, ['add', 'a.txt']);
    const done = await commit(p, 'first', { STACK_SKIP_DOCTOR: '1' });
    expect(done.code, done.output).toBe(0);
    expect(existsSync(p.path('user-hook-ran.txt')), done.output).toBe(true);
    expect(done.output).toContain(SKIPPED_LINE);
    expect(git(p.dir, ['log', '--oneline'])).toContain('first');
  });

  it('a failing stack doctor blocks the commit, saying how to bypass it', async () => {
    // An invalid stack.yaml fails doctor (and any stack command) whatever else it checks.
    const p = await repo('hook-blocks', { 'a.txt': 'a\n' });
    await p.write('stack.yaml', 'services:\n  api:\n    comand: node server.js\n');
    await hook(p, ['install']);
    git(p.dir, ['add', 'a.txt']);
    const blocked = await commit(p, 'blocked');
    expect(blocked.code, blocked.output).not.toBe(0);
    expect(blocked.output).toContain(BLOCKED_LINE);
    expect(() => git(p.dir, ['rev-parse', '--verify', '-q', 'HEAD'])).toThrow();

    const skipped = await commit(p, 'skipped', { STACK_SKIP_DOCTOR: '1' });
    expect(skipped.code, skipped.output).toBe(0);
  });

  it('puts the block before a final exec line of an existing hook, so both run', async () => {
    const p = await repo('hook-exec', { 'a.txt': 'a\n' });
    const user = '#!/bin/sh\nexec sh -c \'echo exec ran > exec-ran.txt\'\n';
    await p.write('.git/hooks/pre-commit', user);
    await chmod(p.path('.git/hooks/pre-commit'), 0o755);
    const result = await hook(p, ['install']);
    expect(result.stdout).toContain('before its final `exec');
    git(p.dir, ['add', 'a.txt']);
    const done = await commit(p, 'first', { STACK_SKIP_DOCTOR: '1' });
    expect(done.code, done.output).toBe(0);
    expect(done.output).toContain(SKIPPED_LINE);
    expect(existsSync(p.path('exec-ran.txt')), done.output).toBe(true);
  });

  it('respects core.hooksPath (relative to the repo top)', async () => {
    const p = await repo('hook-hookspath', { 'a.txt': 'a\n' });
    git(p.dir, ['config', 'core.hooksPath', '.githooks']);
    const result = await hook(p, ['install']);
    expect(result.stdout).toContain('.githooks/pre-commit');
    expect(result.stdout).toContain('core.hooksPath is .githooks');
    expect(isExecutable(p.path('.githooks/pre-commit'))).toBe(true);
    expect(existsSync(p.path('.git/hooks/pre-commit'))).toBe(false);
    git(p.dir, ['add', 'a.txt']);
    const done = await commit(p, 'first', { STACK_SKIP_DOCTOR: '1' });
    expect(done.code, done.output).toBe(0);
    expect(done.output).toContain(SKIPPED_LINE);
  });

  it('runs from a stack.yaml below the repo top with a quoted -f path that reaches it', async () => {
    const p = await project('hook-subdir', { "it's my app/stack.yaml": STACK_YAML });
    git(p.dir, ['init', '-q', '-b', 'main']);
    const sub = p.path("it's my app");
    const result = await hook(p, ['install'], 0, sub);
    expect(result.stdout).toContain(`created ${path.join('..', '.git', 'hooks', 'pre-commit')}`);
    const text = await readFile(p.path('.git/hooks/pre-commit'), 'utf8');
    expect(text).toContain(`-f 'it'\\''s my app/stack.yaml' doctor --staged`);
    // The hook's own command line, with `config --json` in place of `doctor --staged`, run
    // where git runs hooks: it must find this stack.yaml through every quote.
    const line = text.split('\n').find((l) => l.includes('doctor --staged ||'))!;
    const configLine = line.slice(0, line.indexOf(' doctor --staged')).trim();
    const ran = await execa('sh', ['-c', `${configLine} config --json`], { cwd: p.dir, reject: false, encoding: 'utf8', env: { NO_COLOR: '1' } });
    expect(ran.exitCode, `${configLine}\n${String(ran.stdout)}${String(ran.stderr)}`).toBe(0);
    expect(String(ran.stdout)).toContain('"api"');
  });

  it('finds the shared hooks directory from a git worktree', async () => {
    const p = await repo('hook-worktree', { 'a.txt': 'a\n' });
    git(p.dir, ['add', '.']);
    git(p.dir, ['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', 'base']);
    git(p.dir, ['worktree', 'add', '-q', 'wt']);
    await hook(p, ['install'], 0, p.path('wt'));
    expect(existsSync(p.path('.git/hooks/pre-commit'))).toBe(true);
  });

  it('makes a user hook git was ignoring (not executable) executable, and says so', async () => {
    const p = await repo('hook-noexec');
    await p.write('.git/hooks/pre-commit', USER_HOOK);
    await chmod(p.path('.git/hooks/pre-commit'), 0o644);
    const result = await hook(p, ['install']);
    expect(result.stdout).toContain('was not executable');
    expect(isExecutable(p.path('.git/hooks/pre-commit'))).toBe(true);
  });

  it('leaves hooks generated by a hook manager alone, pointing at the README', async () => {
    const p = await repo('hook-lefthook');
    const generated = '#!/bin/sh\n# lefthook\ncall_lefthook run "pre-commit" "$@"\n';
    await p.write('.git/hooks/pre-commit', generated);
    const result = await hook(p, ['install'], 1);
    expect(result.stderr).toContain('.git/hooks/pre-commit is generated by lefthook');
    expect(result.stderr).toContain('lefthook.yml');
    expect(await readFile(p.path('.git/hooks/pre-commit'), 'utf8')).toBe(generated);
  });

  it('refuses outside a git repository, with exit 2 and a sentence', async () => {
    const p = await project('hook-nogit', { 'stack.yaml': STACK_YAML });
    const result = await hook(p, ['install'], 2);
    expect(result.stderr, printed(result)).toMatch(/is not inside a git work tree/);
    expect(result.stderr).toMatch(/hint:.*git init/);
    const un = await hook(p, ['uninstall'], 2);
    expect(un.stderr).toMatch(/is not inside a git work tree/);
  });

  it('rejects an unknown action with exit 2', async () => {
    const p = await repo('hook-action');
    const result = await hook(p, ['instal'], 2);
    expect(result.stderr).toContain('error: stack hook has no action "instal" (did you mean install?).');
    expect(result.stderr).toContain('hint: use stack hook install or stack hook uninstall');
  });
});

describe('stack hook uninstall', () => {
  it('restores the user hook byte-for-byte', async () => {
    const p = await repo('unhook-user');
    await p.write('.git/hooks/pre-commit', USER_HOOK);
    await chmod(p.path('.git/hooks/pre-commit'), 0o755);
    await hook(p, ['install']);
    const result = await hook(p, ['uninstall']);
    expect(result.stdout).toContain('removed its block from .git/hooks/pre-commit');
    expect(await readFile(p.path('.git/hooks/pre-commit'), 'utf8')).toBe(USER_HOOK);
    expect(isExecutable(p.path('.git/hooks/pre-commit'))).toBe(true);
  });

  it('deletes the hook it created, then says it is not installed', async () => {
    const p = await repo('unhook-ours');
    await hook(p, ['install']);
    const result = await hook(p, ['uninstall']);
    expect(result.stdout).toContain('deleted .git/hooks/pre-commit');
    expect(existsSync(p.path('.git/hooks/pre-commit'))).toBe(false);
    const again = await hook(p, ['uninstall']);
    expect(again.stdout).toMatch(/not installed in \.git\/hooks\/pre-commit; nothing changed/);
  });

  it('leaves a hook without the block alone', async () => {
    const p = await repo('unhook-none');
    await p.write('.git/hooks/pre-commit', USER_HOOK);
    const result = await hook(p, ['uninstall']);
    expect(result.stdout).toContain('not installed');
    expect(await readFile(p.path('.git/hooks/pre-commit'), 'utf8')).toBe(USER_HOOK);
  });

});

describe('the hook at work', () => {
  it('the installed hook blocks a commit of a change to a stale service, and lets it through after stack restart', async () => {
    const [port] = await freePorts(1);
    const server = (v: string) => `require('node:http').createServer((q, s) => s.end('${v}')).listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`;
    const p = await project('hook-stale', {
      '.gitignore': '.stack/\n',
      'api/server.js': server('v1'),
      'stack.yaml': stackYaml({ api: { command: ['node', 'server.js'], cwd: 'api', port: port! } }),
    });
    git(p.dir, ['init', '-q', '-b', 'main']);
    git(p.dir, ['add', '-A']);
    git(p.dir, ['commit', '-q', '-m', 'start']);
    await hook(p, ['install']);
    await runExpecting(p.dir, ['up'], 0, { env: gitEnv(p.dir) });
    await new Promise((resolve) => setTimeout(resolve, 100));

    await p.write('api/server.js', server('v2'));
    git(p.dir, ['add', 'api/server.js']);
    const blocked = await commit(p, 'change api without restarting it');
    expect(blocked.code, blocked.output).not.toBe(0);
    expect(blocked.output).toMatch(/api runs stale code: api\/server\.js was modified/);
    expect(blocked.output).toContain(BLOCKED_LINE);

    await runExpecting(p.dir, ['restart', 'api'], 0, { env: gitEnv(p.dir) });
    const allowed = await commit(p, 'change api, restarted');
    expect(allowed.code, allowed.output).toBe(0);
    expect(git(p.dir, ['log', '--oneline'])).toMatch(/change api, restarted/);
  });
});
