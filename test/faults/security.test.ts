// Security: who may talk to the daemon, and what reaches a shell.
//
// Node cannot ask a unix socket who is at the other end (no SO_PEERCRED), so the daemon
// relies on file permissions — the socket 0600 inside a 0700 .stack/ — and both sides
// check ownership: the CLI talks only to a socket (and a .stack/) that is its user's, the
// daemon refuses to start in another user's .stack/ or to take over another user's
// socket, and it does not act on a state.json it did not write. As root, the suite plays
// the other user with `nobody` (chown, and processes run as uid 65534).
//
// And quoting: a hostile path reaches the git hook quoted; a string command is read by
// exactly one shell; an argv list by none.
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { BLOCKED_LINE } from '../../src/hook/hook-text.js';
import { REPO_ROOT, runStack, STACK_BIN } from '../helpers/cli.js';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml } from '../helpers/fixtures.js';
import { E2E_MARKER_VAR, waitFor } from '../helpers/procs.js';
import { git, gitEnv } from '../helpers/git.js';
import { printed, runExpecting, serviceIn, statusJson, useProjects } from '../e2e/support.js';
import { chownTree, expectOneSentenceRefusal, isRoot, modeOf, NEEDS_ROOT, NOBODY, pingAs } from './state-support.js';

const project = useProjects();

const servers: Array<{ server: net.Server; conns: Set<net.Socket> }> = [];
afterEach(() => {
  for (const { server, conns } of servers.splice(0)) {
    server.close();
    for (const conn of conns) conn.destroy();
  }
});

async function oneService(name: string) {
  const [port] = await freePorts(1);
  const p = await project(name);
  await p.write('stack.yaml', stackYaml({ api: httpService({ port: port!, argv: true }) }));
  return p;
}

/** A socket planted where the daemon's belongs, answering like a daemon; counts who connects. */
async function plantFakeDaemon(socket: string): Promise<{ connections: () => number }> {
  let connections = 0;
  const conns = new Set<net.Socket>();
  const server = net.createServer((conn) => {
    connections++;
    conns.add(conn);
    conn.on('close', () => conns.delete(conn));
    conn.on('error', () => undefined);
    conn.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}');
  });
  servers.push({ server, conns });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return { connections: () => connections };
}

/** Files under `dir` whose name contains `needle` (what an executed injection would leave). */
function filesNamed(dir: string, needle: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.name.includes(needle) && !entry.name.includes('$(')) found.push(full);
    if (entry.isDirectory() && entry.name !== '.git') found.push(...filesNamed(full, needle));
  }
  return found;
}

describe('permissions of .stack/', () => {
  it('.stack is 0700; the socket and state.json are 0600', async () => {
    const p = await oneService('modes');
    await runExpecting(p.dir, ['up'], 0);

    expect(modeOf(p.path('.stack'))).toBe('0700');
    expect(modeOf(p.path('.stack/daemon.sock'))).toBe('0600');
    expect(modeOf(p.path('.stack/state.json'))).toBe('0600');
  });

  it("another user's process cannot talk to the daemon: the directory refuses it, and so does the socket on its own", async ({ skip }) => {
    skip(!isRoot, NEEDS_ROOT);
    const p = await oneService('other-user');
    await runExpecting(p.dir, ['up'], 0);
    const socket = p.path('.stack/daemon.sock');
    chmodSync(p.dir, 0o711); // mkdtemp made it 0700: let nobody reach .stack/

    expect(await pingAs(NOBODY, socket), '.stack/ is 0700').toBe('EACCES');
    chmodSync(p.path('.stack'), 0o711);
    expect(await pingAs(NOBODY, socket), 'even with .stack/ traversable, the socket is 0600').toBe('EACCES');

    // The control: the same probe does get through when the socket's mode lets it, so the
    // EACCES above comes from the permissions and nothing else.
    chmodSync(socket, 0o666);
    expect(await pingAs(NOBODY, socket)).toBe('HTTP 200');

    // The next command of the owner puts the modes right again.
    await statusJson(p.dir);
    expect(modeOf(p.path('.stack'))).toBe('0700');
    expect(modeOf(socket)).toBe('0600');
    expect(await pingAs(NOBODY, socket)).toBe('EACCES');
  });
});

describe('the CLI talks only to a socket of its own user', () => {
  it('a socket planted by another user is refused without connecting to it', async ({ skip }) => {
    skip(!isRoot, NEEDS_ROOT);
    const p = await oneService('planted-socket');
    mkdirSync(p.path('.stack'), { mode: 0o700 });
    const socket = p.path('.stack/daemon.sock');
    const fake = await plantFakeDaemon(socket);
    chownSync(socket, NOBODY, NOBODY);

    for (const args of [['status'], ['up'], ['down']]) {
      const result = await runStack(p.dir, args, { timeoutMs: 30_000 });
      expectOneSentenceRefusal(result, new RegExp(`The daemon socket ${socket} belongs to nobody \\(uid ${NOBODY}\\), not to you`));
    }
    expect(fake.connections(), 'nothing connected to the planted socket').toBe(0);

    // The control: owned by us, the same socket is talked to (so 0 above means refused).
    chownSync(socket, 0, 0);
    await runStack(p.dir, ['status'], { timeoutMs: 30_000 });
    expect(fake.connections()).toBeGreaterThan(0);
  });

  it("a .stack/ of another user with a socket in it is refused before anything connects", async ({ skip }) => {
    skip(!isRoot, NEEDS_ROOT);
    const p = await oneService('planted-dir');
    mkdirSync(p.path('.stack'), { mode: 0o755 });
    const fake = await plantFakeDaemon(p.path('.stack/daemon.sock'));
    chownTree(p.path('.stack'), NOBODY);

    const status = await runStack(p.dir, ['status'], { timeoutMs: 30_000 });

    expectOneSentenceRefusal(status, /\.stack belongs to nobody/);
    expect(fake.connections()).toBe(0);
  });
});

describe('the daemon checks before it trusts', () => {
  const daemonEntry = path.join(REPO_ROOT, 'dist', 'bundle', 'daemon', 'main.js');
  const startDaemon = (dir: string) =>
    execa(process.execPath, [daemonEntry, path.join(dir, 'stack.yaml')], {
      cwd: dir,
      reject: false,
      timeout: 30_000,
      encoding: 'utf8',
      env: { [E2E_MARKER_VAR]: dir },
      extendEnv: true,
    });

  it('by itself, before any CLI touches them, it makes .stack 0700 (even one left 0777) and its socket 0600', async () => {
    const p = await oneService('daemon-modes');
    mkdirSync(p.path('.stack'), { mode: 0o700 });
    chmodSync(p.path('.stack'), 0o777);
    const daemon = startDaemon(p.dir);
    try {
      await waitFor(() => existsSync(p.path('.stack/daemon.sock')), { timeoutMs: 15_000, message: 'the daemon socket' });
      expect(modeOf(p.path('.stack'))).toBe('0700');
      expect(modeOf(p.path('.stack/daemon.sock'))).toBe('0600');
    } finally {
      daemon.kill('SIGTERM');
      await daemon;
    }
  });

  it("started in another user's .stack/, it refuses to run and creates no socket", async ({ skip }) => {
    skip(!isRoot, NEEDS_ROOT);
    const p = await oneService('daemon-foreign-dir');
    mkdirSync(p.path('.stack'), { mode: 0o700 });
    chownTree(p.path('.stack'), NOBODY);

    const daemon = await startDaemon(p.dir);

    expect(daemon.exitCode, String(daemon.stdout)).not.toBe(0);
    expect(String(daemon.stdout)).toMatch(/could not start: .*\.stack belongs to nobody/);
    expect(existsSync(p.path('.stack/daemon.sock'))).toBe(false);
  });

  it("it does not take over (nor delete) another user's socket", async ({ skip }) => {
    skip(!isRoot, NEEDS_ROOT);
    const p = await oneService('daemon-foreign-sock');
    mkdirSync(p.path('.stack'), { mode: 0o700 });
    const fake = await plantFakeDaemon(p.path('.stack/daemon.sock'));
    chownSync(p.path('.stack/daemon.sock'), NOBODY, NOBODY);

    const daemon = await startDaemon(p.dir);

    expect(daemon.exitCode, String(daemon.stdout)).not.toBe(0);
    expect(String(daemon.stdout)).toMatch(/could not start: The daemon socket .* belongs to nobody/);
    expect(existsSync(p.path('.stack/daemon.sock')), 'still there').toBe(true);
    expect(fake.connections()).toBe(0);
  });

  it('a state.json written by another user is set aside, not acted on', async ({ skip }) => {
    skip(!isRoot, NEEDS_ROOT);
    const p = await oneService('foreign-state');
    await runExpecting(p.dir, ['up'], 0);
    await runExpecting(p.dir, ['down'], 0);
    chownSync(p.path('.stack/state.json'), NOBODY, NOBODY);

    const up = await runExpecting(p.dir, ['up'], 0);

    expect(up.stderr, printed(up)).toMatch(/warning: .*state\.json was unreadable \(it belongs to uid 65534, not to uid 0/);
    expect(serviceIn(await statusJson(p.dir), 'api').state).toBe('running');
  });
});

describe('quoting', () => {
  it("paths with spaces, quotes and $(…) reach the git hook quoted: the hook runs, the injection does not", async () => {
    const p = await project('hook-quoting');
    const hostile = `it's "q" $(touch pwned-top) x`;
    const top = p.path(`repo ${hostile}`);
    const configDir = path.join(top, `sub $(touch pwned-sub) 'y'`);
    mkdirSync(configDir, { recursive: true });
    await p.write(path.relative(p.dir, path.join(configDir, 'stack.yaml')), 'services:\n  api:\n    command: node -e "setInterval(() => {}, 1000)"\n');
    // The CLI itself lives at a hostile path too (it is written into the hook by absolute path).
    const binDir = p.path(`bin $(touch pwned-bin) '`);
    mkdirSync(binDir);
    symlinkSync(STACK_BIN, path.join(binDir, 'stack.js'));
    git(top, ['init', '-q', '-b', 'main']);

    const install = await execa(process.execPath, [path.join(binDir, 'stack.js'), 'hook', 'install'], {
      cwd: configDir,
      env: { ...gitEnv(top), NO_COLOR: '1', [E2E_MARKER_VAR]: p.dir },
      extendEnv: true,
      reject: false,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(install.exitCode, `${install.stdout}\n${install.stderr}`).toBe(0);
    const hookText = readFileSync(path.join(top, '.git', 'hooks', 'pre-commit'), 'utf8');
    expect(hookText, 'the hostile paths are in the hook').toContain('$(touch pwned-sub)');
    expect(hookText).toContain('$(touch pwned-bin)');

    git(top, ['add', '.']);
    const commit = await execa('git', ['commit', '-m', 'hostile paths'], {
      cwd: top,
      env: { ...gitEnv(top), NO_COLOR: '1', STACK_DEBUG: undefined, [E2E_MARKER_VAR]: p.dir },
      extendEnv: true,
      reject: false,
      encoding: 'utf8',
      timeout: 60_000,
    });
    const output = `${String(commit.stdout)}\n${String(commit.stderr)}`;

    // The hook ran stack doctor on that stack.yaml (api is not running: the commit is blocked).
    expect(output, output).toContain(BLOCKED_LINE);
    expect(output, output).toMatch(/\bapi\b/);
    expect(output, output).not.toMatch(/no stack file|not found|syntax error/i);
    expect(filesNamed(p.dir, 'pwned'), 'no $(touch …) was executed').toEqual([]);
  });

  it('a string command is read by exactly one shell; an argv list by none', async () => {
    const p = await project('command-quoting');
    await p.write(
      'stack.yaml',
      [
        'services:',
        '  shell:',
        `    command: echo "$HOME" '$(touch shell-pwned)' "a  b"`,
        '  argv:',
        `    command: [node, -e, "console.log(JSON.stringify(process.argv.slice(1)))", "$HOME", "$(touch argv-pwned)", "a  b", "'q'"]`,
        '',
      ].join('\n'),
    );

    // Both are one-shot tasks: up returns once they have completed.
    await runExpecting(p.dir, ['up'], 0);

    const home = process.env.HOME ?? '';
    const shellLog = readFileSync(p.path('.stack/logs/shell.log'), 'utf8');
    expect(shellLog, 'one shell: $HOME expanded, the single-quoted $(…) kept, the double-quoted spaces kept').toContain(`${home} $(touch shell-pwned) a  b`);
    const argvLog = readFileSync(p.path('.stack/logs/argv.log'), 'utf8');
    expect(argvLog, 'no shell: every argument exactly as written').toContain(JSON.stringify(['$HOME', '$(touch argv-pwned)', 'a  b', "'q'"]));
    expect(filesNamed(p.dir, 'pwned')).toEqual([]);
  });
});
