// Fault: what lives in .stack/ is damaged or hostile — a truncated or garbage state.json,
// a socket file with no daemon behind it (the daemon was kill -9'd; a plain file; a dead
// socket; a directory), a .stack/ whose modes were loosened, a .stack/ owned by another
// user, a .stack that is a regular file, a project directory stack may not write to.
// Each time the next command either recovers and works, or refuses in one sentence that
// names the path and what to do: never a trace, never a hang.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runStack } from '../helpers/cli.js';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml } from '../helpers/fixtures.js';
import { isPidAlive, waitFor } from '../helpers/procs.js';
import { printed, runExpecting, serviceIn, statusJson, useProjects } from '../e2e/support.js';
import { chownTree, expectOneSentenceRefusal, isRoot, modeOf, NEEDS_ROOT, NOBODY, ownerOf, runStackAs } from './state-support.js';

const project = useProjects();

async function oneService(name: string) {
  const [port] = await freePorts(1);
  const p = await project(name);
  await p.write('stack.yaml', stackYaml({ api: httpService({ port: port!, argv: true }) }));
  return p;
}

async function killDaemon(dir: string): Promise<void> {
  const { daemon } = await statusJson(dir);
  process.kill(daemon.pid!, 'SIGKILL');
  await waitFor(() => !isPidAlive(daemon.pid!), { timeoutMs: 5000, message: 'daemon gone' });
}

describe('corrupt state.json', () => {
  it('a garbage state.json is moved aside with a warning; the next up works', async () => {
    const p = await oneService('corrupt-state');
    await runExpecting(p.dir, ['up'], 0);
    await runExpecting(p.dir, ['down'], 0);
    writeFileSync(p.path('.stack/state.json'), '{"version": 1, "services": {"api": {"identity": ');

    const up = await runExpecting(p.dir, ['up'], 0);

    expect(up.stderr, printed(up)).toMatch(/warning: .*state\.json was unreadable .*moved it to .*state\.json\.corrupt-\d+/);
    expect(readdirSync(p.path('.stack')).some((f) => f.startsWith('state.json.corrupt-'))).toBe(true);
    expect(serviceIn(await statusJson(p.dir), 'api')).toMatchObject({ state: 'running', health: 'healthy' });
  });

  // Each was an internal error of `status` or a daemon that died at start before state.json was checked field by field.
  const variants: Record<string, string> = {
    'cut short': '{"version":1,"daemonPid":12,"config":null,"services":{"api":{"state":"runn',
    empty: '',
    'binary garbage': '\u0000\u00ff\u00fe{[\u0007',
    'null': 'null',
    'a list': '[1, 2]',
    'a null record': '{"version":1,"daemonPid":1,"config":null,"services":{"api":null}}',
    'wrong types inside': '{"version":1,"daemonPid":"x","config":5,"services":{"api":{"identity":{"pid":"nope","startToken":7},"state":42,"restarts":"many","lastExit":7}}}',
    'a config of the wrong shape': '{"version":1,"daemonPid":1,"config":{"services":{"api":{"command":5}}},"services":{}}',
  };

  it(`state.json ${Object.keys(variants).join(', ')}: status still answers, up works, nothing crashes`, async () => {
    const p = await oneService('garbage-state');
    for (const [what, content] of Object.entries(variants)) {
      mkdirSync(p.path('.stack'), { recursive: true, mode: 0o700 });
      writeFileSync(p.path('.stack/state.json'), content);

      const status = await runStack(p.dir, ['status', '--json']);
      expect(status.code, `${what}\n${printed(status)}`).toBe(0);
      expect(() => JSON.parse(status.stdout), `${what}: status --json prints JSON\n${printed(status)}`).not.toThrow();
      const up = await runStack(p.dir, ['up']);
      expect(up.code, `${what}\n${printed(up)}`).toBe(0);
      expect(`${up.stdout}${up.stderr}`, `${what}\n${printed(up)}`).not.toMatch(/internal error|^\s+at\s/m);
      expect(serviceIn(await statusJson(p.dir), 'api'), what).toMatchObject({ state: 'running', health: 'healthy' });
      await runExpecting(p.dir, ['down'], 0);
    }
  }, 120_000);
});

describe('a socket file with no daemon behind it', () => {
  it('the daemon was kill -9ed: the next status and up use a new daemon on a fresh 0600 socket', async () => {
    const p = await oneService('stale-kill9');
    await runExpecting(p.dir, ['up'], 0);
    const before = await statusJson(p.dir);
    await killDaemon(p.dir);
    expect(existsSync(p.path('.stack/daemon.sock')), 'kill -9 leaves the socket file behind').toBe(true);

    const status = await statusJson(p.dir);
    expect(status.daemon.pid).not.toBe(before.daemon.pid);
    expect(serviceIn(status, 'api').pid, 're-adopted, not restarted').toBe(serviceIn(before, 'api').pid);
    await runExpecting(p.dir, ['up'], 0);
    expect(statSync(p.path('.stack/daemon.sock')).isSocket()).toBe(true);
    expect(modeOf(p.path('.stack/daemon.sock'))).toBe('0600');
  });

  it('a plain file, then a dead socket (its process killed) at the socket path: up replaces it and works', async () => {
    const p = await oneService('stale-socket');
    const socket = p.path('.stack/daemon.sock');
    mkdirSync(p.path('.stack'), { mode: 0o700 });
    writeFileSync(socket, 'not a socket\n');
    await runExpecting(p.dir, ['up'], 0);
    expect(statSync(socket).isSocket()).toBe(true);
    await runExpecting(p.dir, ['down'], 0);

    // A unix socket nobody listens on any more: its process died without unlinking it.
    const holder = spawn(process.execPath, ['-e', `require('net').createServer().listen(process.argv[1], () => console.log('listening'))`, socket], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise((resolve) => holder.stdout.once('data', resolve));
    holder.kill('SIGKILL');
    await waitFor(() => holder.exitCode !== null || holder.signalCode !== null, { timeoutMs: 5000, message: 'socket holder gone' });
    expect(statSync(socket).isSocket()).toBe(true);

    const status = await statusJson(p.dir);
    expect(status.daemon.running).toBe(false);
    await runExpecting(p.dir, ['up'], 0);
    expect(serviceIn(await statusJson(p.dir), 'api')).toMatchObject({ state: 'running', health: 'healthy' });
    expect(modeOf(socket)).toBe('0600');
  });

  it('a directory at the socket path: a one-sentence refusal naming it', async () => {
    const p = await oneService('socket-dir');
    mkdirSync(p.path('.stack/daemon.sock'), { recursive: true });

    for (const args of [['up'], ['status']]) {
      const result = await runStack(p.dir, args, { timeoutMs: 30_000 });
      expectOneSentenceRefusal(result, /daemon\.sock is a directory/);
    }
  });
});

describe('.stack/ itself', () => {
  it('loosened to 0777 (socket 0666): put back to 0700 and 0600, by the next command and by a new daemon', async () => {
    const p = await oneService('loose-modes');
    await runExpecting(p.dir, ['up'], 0);
    chmodSync(p.path('.stack'), 0o777);
    chmodSync(p.path('.stack/daemon.sock'), 0o666);

    await statusJson(p.dir);
    expect(modeOf(p.path('.stack'))).toBe('0700');
    expect(modeOf(p.path('.stack/daemon.sock'))).toBe('0600');

    await runExpecting(p.dir, ['down'], 0);
    chmodSync(p.path('.stack'), 0o777);
    await runExpecting(p.dir, ['up'], 0);
    expect(modeOf(p.path('.stack'))).toBe('0700');
    expect(modeOf(p.path('.stack/daemon.sock'))).toBe('0600');
  });

  it('owned by another user (nobody): refused in one sentence naming the directory, its owner and what to do', async ({ skip }) => {
    skip(!isRoot, NEEDS_ROOT);
    const p = await oneService('foreign-dir');
    mkdirSync(p.path('.stack/logs'), { recursive: true, mode: 0o700 });
    chownTree(p.path('.stack'), NOBODY);

    for (const args of [['up'], ['status'], ['down']]) {
      const result = await runStack(p.dir, args, { timeoutMs: 30_000 });
      expectOneSentenceRefusal(result, new RegExp(`${p.path('.stack')} belongs to nobody \\(uid ${NOBODY}\\), not to you`));
      expect(result.stderr, printed(result)).toMatch(/hint: .*chown -R .*\.stack.*rm -rf/);
    }
    expect(existsSync(p.path('.stack/daemon.sock')), 'no daemon was started in it').toBe(false);
    expect(ownerOf(p.path('.stack')), 'left as it was').toBe(NOBODY);
  });

  it('a regular file named .stack: refused in one sentence saying what to move', async () => {
    const p = await oneService('stack-is-file');
    writeFileSync(p.path('.stack'), 'I am not a directory\n');

    for (const args of [['up'], ['status']]) {
      const result = await runStack(p.dir, args, { timeoutMs: 30_000 });
      expectOneSentenceRefusal(result, /\.stack is a file, not the directory where stack keeps its socket, state and logs/);
      expect(result.stderr, printed(result)).toMatch(/hint: move it out of the way \(mv .*\.stack .*\.stack\.old\)/);
    }
  });

  it('a project directory the user may not write to: up says it cannot create .stack, and why', async ({ skip }) => {
    skip(!isRoot, NEEDS_ROOT);
    const p = await oneService('unwritable');
    // Root ignores permissions; nobody does not. The project stays root's, readable by all.
    chmodSync(p.dir, 0o755);
    rmSync(p.path('.stack'), { recursive: true, force: true });

    const up = await runStackAs(NOBODY, p.dir, ['up']);

    expectOneSentenceRefusal(up, /stack cannot create .*\.stack \(permission denied\)/);
    expect(existsSync(p.path('.stack'))).toBe(false);
  });
});
