// Tests for the e2e helpers themselves (they don't need the CLI).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { execa } from 'execa';
import { freePort, freePorts } from './free-port.js';
import { E2E_MARKER_VAR, describeProcs, isPidAlive, killAllUnder, processesUnder, processesWithEnvMarker, waitFor } from './procs.js';
import { makeProject, type Project } from './project.js';
import { STACK_BIN, outputOf, runStack, startStack, stopStack, waitForOutput } from './cli.js';
import {
  crashService,
  fixtureScript,
  forkerService,
  httpService,
  nodeCommand,
  orderLoggerService,
  readOrder,
  stackYaml,
  tcpService,
  type FixtureScript,
} from './fixtures.js';

const linux = process.platform === 'linux';

const projects: Project[] = [];
const children: ChildProcess[] = [];

async function project(name: string, files: Record<string, string> = {}): Promise<Project> {
  const p = await makeProject(name, files);
  projects.push(p);
  return p;
}

/** Runs a fixture script directly (no shell, so signals reach it), in its own process group. */
function runFixture(script: FixtureScript, cwd: string, env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, [fixtureScript(script)], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  Object.defineProperty(child, 'output', { get: () => out });
  children.push(child);
  groupLeaders.add(child);
  return child;
}
const outputOfChild = (child: ChildProcess): string => (child as ChildProcess & { output: string }).output;

function get(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

function tcpRoundTrip(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(line + '\n'));
    socket.setEncoding('utf8');
    socket.once('data', (d: string) => {
      socket.destroy();
      resolve(d.trim());
    });
    socket.on('error', reject);
  });
}

const groupLeaders = new WeakSet<ChildProcess>();
const isGroupLeader = (c: ChildProcess): boolean => groupLeaders.has(c);

afterEach(async () => {
  for (const c of children.splice(0)) {
    // Always the whole group: a wrapper shell may be gone while its child lives on.
    if (c.pid === undefined) continue;
    try {
      process.kill(isGroupLeader(c) ? -c.pid : c.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  await Promise.all(projects.splice(0).map((p) => p.cleanup()));
});

describe('freePort / freePorts', () => {
  it('returns a port that can be listened on', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns n distinct ports', async () => {
    const ports = await freePorts(20);
    expect(ports).toHaveLength(20);
    expect(new Set(ports).size).toBe(20);
    expect(await freePorts(0)).toEqual([]);
  });
});

describe('waitFor', () => {
  it('returns the first truthy value, ignoring throws meanwhile', async () => {
    let n = 0;
    const value = await waitFor(
      () => {
        n++;
        if (n < 3) throw new Error('not yet');
        return n >= 5 ? { n } : null;
      },
      { timeoutMs: 5000, intervalMs: 1 },
    );
    expect(value).toEqual({ n: 5 });
  });

  it('times out with a message naming what it waited for and the last value', async () => {
    await expect(waitFor(() => false, { timeoutMs: 100, intervalMs: 10, message: 'the api to be healthy' })).rejects.toThrow(
      /waitFor timed out after 100 ms \(\d+ attempts\) waiting for the api to be healthy; last value: false/,
    );
  });

  it('reports the last error, and the predicate source when no message is given', async () => {
    const err = await waitFor(
      () => {
        throw new Error('ECONNREFUSED 127.0.0.1:1');
      },
      { timeoutMs: 50, intervalMs: 10 },
    ).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/waiting for \(\) => \{.*ECONNREFUSED.*; last error: ECONNREFUSED 127\.0\.0\.1:1$/);
  });
});

describe('isPidAlive', () => {
  it('is true for this process and false for a reaped child', async () => {
    expect(isPidAlive(process.pid)).toBe(true);
    expect(isPidAlive(0)).toBe(false);
    expect(isPidAlive(-1)).toBe(false);
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => child.on('exit', resolve));
    expect(isPidAlive(child.pid!)).toBe(false);
  });
});

describe.runIf(linux)('processesUnder / processesWithEnvMarker / killAllUnder', () => {
  it('finds a process by cwd, command line and env marker, and not after it is killed', async () => {
    const p = await project('procs');
    const sub = await mkdir(p.path('svc'), { recursive: true }).then(() => p.path('svc'));
    expect(processesUnder(p.dir)).toEqual([]);

    const byCwd = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { cwd: sub, stdio: 'ignore' });
    const script = await p.write('script.js', 'setInterval(() => {}, 1e9)\n');
    const byCmdline = spawn(process.execPath, [script], { cwd: '/', stdio: 'ignore' });
    const byEnv = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], {
      cwd: '/',
      stdio: 'ignore',
      env: { ...process.env, [E2E_MARKER_VAR]: p.dir },
    });
    const unrelated = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { cwd: '/', stdio: 'ignore' });
    children.push(byCwd, byCmdline, byEnv, unrelated);

    const found = await waitFor(
      () => {
        const procs = processesUnder(p.dir);
        return procs.length === 3 ? procs : undefined;
      },
      { timeoutMs: 5000, message: 'three processes under the project' },
    );
    const how = Object.fromEntries(found.map((f) => [f.pid, f.matchedBy]));
    expect(how).toEqual({ [byCwd.pid!]: 'cwd', [byCmdline.pid!]: 'cmdline', [byEnv.pid!]: 'env' });
    expect(found.find((f) => f.pid === byCwd.pid)?.cwd).toBe(sub);
    expect(describeProcs(found)).toContain(String(byCmdline.pid));
    expect(processesWithEnvMarker(p.dir).map((f) => f.pid)).toEqual([byEnv.pid]);

    byCwd.kill('SIGKILL');
    await waitFor(() => !processesUnder(p.dir).some((f) => f.pid === byCwd.pid), { timeoutMs: 5000 });

    const killed = await killAllUnder(p.dir);
    expect(killed.sort()).toEqual([byCmdline.pid, byEnv.pid].sort());
    expect(processesUnder(p.dir)).toEqual([]);
    expect(isPidAlive(unrelated.pid!)).toBe(true);
    unrelated.kill('SIGKILL');
  });

  it('finds grandchildren of a forker fixture and kills them all', async () => {
    const p = await project('forker');
    const svc = forkerService({ children: 3, pidsFile: p.path('pids') });
    const child = runFixture('forker', p.dir, svc.env);
    await waitFor(() => outputOfChild(child).includes('ready'), { timeoutMs: 10_000 });
    const pids = (await readFile(p.path('pids'), 'utf8')).trim().split('\n').map(Number);
    expect(pids).toHaveLength(3);
    const under = processesUnder(p.dir).map((f) => f.pid);
    for (const pid of [...pids, child.pid!]) expect(under).toContain(pid);
    await killAllUnder(p.dir);
    for (const pid of pids) expect(isPidAlive(pid)).toBe(false);
  });
});

describe('makeProject', () => {
  it('writes files in subdirectories under a short temp dir and cleans up', async () => {
    const p = await makeProject('Some Long Test Name / with spaces!!', {
      'stack.yaml': 'name: t\nservices: {}\n',
      'a/b/c.txt': 'hello',
    });
    try {
      expect(path.basename(p.dir)).toMatch(/^stack-e2e-some-long-test-n-[A-Za-z0-9]{6}$/);
      // leaves room for .stack/daemon.sock under the ~100-char unix socket limit
      expect(path.join(p.dir, '.stack', 'daemon.sock').length).toBeLessThan(100);
      expect(await readFile(p.path('a/b/c.txt'), 'utf8')).toBe('hello');
      await p.write('x/y.txt', 'z');
      expect(await readFile(path.join(p.dir, 'x/y.txt'), 'utf8')).toBe('z');
      expect(() => p.path('../escape')).toThrow(/escapes/);
    } finally {
      await p.cleanup();
    }
    expect(existsSync(p.dir)).toBe(false);
    await p.cleanup(); // idempotent
  });

  it.runIf(linux)('cleanup kills processes the test left behind', async () => {
    const p = await makeProject('leftover');
    const leftover = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e9)'], { cwd: p.dir, stdio: 'ignore', detached: true });
    children.push(leftover);
    await waitFor(() => p.processes().length === 1, { timeoutMs: 5000 });
    await p.cleanup();
    expect(isPidAlive(leftover.pid!)).toBe(false);
    expect(existsSync(p.dir)).toBe(false);
  });
});

describe('runStack', () => {
  it('passes NO_COLOR and the e2e marker, and never rejects', async () => {
    // Whatever state the CLI is in (not built yet, or built), runStack resolves with a code.
    const p = await project('cli');
    const r = await runStack(p.dir, ['--version'], { timeoutMs: 20_000 });
    expect(typeof r.code).toBe('number');
    expect(r.command).toBe('stack --version');
    expect(existsSync(STACK_BIN)).toBe(true);
    // The environment it builds, checked with node itself instead of the CLI:
    const env = await execa(process.execPath, ['-e', `console.log(JSON.stringify({ n: process.env.NO_COLOR, f: 'FORCE_COLOR' in process.env, m: process.env.${E2E_MARKER_VAR} }))`], {
      env: { NO_COLOR: '1', FORCE_COLOR: undefined, [E2E_MARKER_VAR]: p.dir },
    });
    expect(JSON.parse(env.stdout)).toEqual({ n: '1', f: false, m: p.dir });
  });

  it('startStack collects output and waitForOutput fails early when stack exits', async () => {
    // Works whether or not dist/ is built: `--version` prints a version, or node prints an import error.
    const p = await project('start');
    const sub = startStack(p.dir, ['--version'], { timeoutMs: 20_000 });
    await expect(waitForOutput(sub, 'this text is never printed', { timeoutMs: 20_000 })).rejects.toThrow(
      /stack exited \(code \d+\) before printing[\s\S]*--- stdout ---/,
    );
    const result = await stopStack(sub);
    expect(typeof result.code).toBe('number');
    expect(outputOf(sub).all.trim()).not.toBe('');
    expect(outputOf(sub).all).toBe(result.stdout + result.stderr);
  });

  it('outputOf rejects foreign subprocesses', () => {
    expect(() => outputOf({} as never)).toThrow(/startStack/);
  });
});

describe('fixtures', () => {
  it('stackYaml renders services in stack.yaml shape', async () => {
    const [a, b] = await freePorts(2);
    const text = stackYaml(
      {
        db: tcpService({ port: a!, bootMs: 300 }),
        api: { ...httpService({ port: b!, healthStatus: 503 }), depends_on: ['db'] },
        bad: crashService({ module: 'left-pad', restart: 'no' }),
      },
      { name: 'fx' },
    );
    const doc = parse(text);
    expect(doc.name).toBe('fx');
    expect(Object.keys(doc.services)).toEqual(['db', 'api', 'bad']);
    expect(doc.services.db).toEqual({ command: nodeCommand(fixtureScript('tcp-server')), port: a, env: { BOOT_MS: '300' } });
    expect(doc.services.api.health).toEqual({ http: 'http://127.0.0.1:${PORT}/health', interval: '200ms' });
    expect(doc.services.api.env).toEqual({ HEALTH_STATUS: '503' });
    expect(doc.services.bad).toMatchObject({ restart: 'no', env: { CRASH_MODULE: 'left-pad' } });
    expect(httpService({ port: 1, health: 'default' }).health).toBeUndefined();
    expect(httpService({ port: 1, health: 'tcp' }).health).toEqual({ tcp: 1 });
  });

  it.runIf(linux)('http-server boots after BOOT_MS, serves /health with HEALTH_STATUS or HEALTH_FILE, exits 0 on SIGTERM', async () => {
    const p = await project('http');
    const port = await freePort();
    const svc = httpService({ port, bootMs: 200, healthStatus: 503, healthFile: p.path('health') });
    const child = runFixture('http-server', p.dir, { ...svc.env, PORT: String(port) });
    await waitFor(() => outputOfChild(child).includes(`listening on ${port}`), { timeoutMs: 10_000 });
    expect((await get(port, '/health')).status).toBe(503);
    await p.write('health', '200\n');
    expect((await get(port, '/health')).status).toBe(200);
    const pid = Number((await get(port, '/pid')).body);
    expect(isPidAlive(pid)).toBe(true);
    expect(processesUnder(p.dir).map((f) => f.pid)).toContain(pid);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    process.kill(child.pid!, 'SIGTERM');
    expect(await exit).toBe(0);
  });

  it('http-server exits 1 without PORT', async () => {
    const r = await execa(process.execPath, [fixtureScript('http-server')], { reject: false, env: { PORT: '' } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/PORT is not set/);
  });

  it('tcp-server answers PING with PONG (run by its shell command string, as stack does)', async () => {
    const p = await project('tcp');
    const port = await freePort();
    const svc = tcpService({ port, name: 'db' });
    const child = spawn(svc.command as string, { shell: true, cwd: p.dir, env: { ...process.env, ...svc.env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.push(child);
    groupLeaders.add(child);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    Object.defineProperty(child, 'output', { get: () => out });
    await waitFor(() => outputOfChild(child).includes(`listening on ${port}`), { timeoutMs: 10_000 });
    expect(await tcpRoundTrip(port, 'PING')).toBe('PONG');
  });

  it('crash prints a Cannot find module error and exits 1', async () => {
    const r = await execa(process.execPath, [fixtureScript('crash')], { reject: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("Error: Cannot find module 'left-pad'");
    const custom = await execa(process.execPath, [fixtureScript('crash')], {
      reject: false,
      env: { CRASH_MESSAGE: 'ModuleNotFoundError: No module named foo', EXIT_CODE: '3' },
    });
    expect(custom.exitCode).toBe(3);
    expect(custom.stderr.trim()).toBe('ModuleNotFoundError: No module named foo');
  });

  it('ignore-sigterm survives SIGTERM', async () => {
    const p = await project('sigterm');
    const child = runFixture('ignore-sigterm', p.dir);
    await waitFor(() => outputOfChild(child).includes('ready'), { timeoutMs: 10_000 });
    process.kill(child.pid!, 'SIGTERM');
    await waitFor(() => outputOfChild(child).includes('ignoring'), { timeoutMs: 5000 });
    expect(isPidAlive(child.pid!)).toBe(true);
  });

  it('order-logger appends "<name> <timestamp>" on start', async () => {
    const p = await project('order');
    const file = p.path('order.txt');
    for (const name of ['db', 'api']) {
      const svc = orderLoggerService({ name, orderFile: file });
      const child = runFixture('order-logger', p.dir, svc.env);
      await waitFor(() => outputOfChild(child).includes('started'), { timeoutMs: 10_000 });
    }
    const order = await readOrder(file);
    expect(order.map((o) => o.name)).toEqual(['db', 'api']);
    expect(order[0]!.at).toBeLessThanOrEqual(order[1]!.at);
    expect((await stat(file)).isFile()).toBe(true);
    expect(await readOrder(p.path('missing'))).toEqual([]);
  });
});
