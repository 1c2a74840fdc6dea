// Servers that exit 0 (real redis-server, started by each test with its own settings on a
// free port, its files in the test's project directory):
// - a daemonizing command (`redis-server --daemonize yes`) exits 0 at once and leaves its
//   server on the port: stack tracks that server as the service (like systemd's
//   Type=forking), probes it, restarts it, and `down` stops it;
// - a server that exits 0 (`redis-cli shutdown`) is down, not a finished job.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml } from '../helpers/fixtures.js';
import { isPidAlive, waitFor } from '../helpers/procs.js';
import { NEEDS_REDIS, REDIS_CLI, REDIS_SERVER } from '../helpers/servers.js';
import { listenersOf, printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();

/** redis-server's argv on `port`, keeping everything in `dir` (which the service does not watch). */
function redis(port: number, dir: string, extra: string[] = []): string[] {
  return [REDIS_SERVER!, '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra];
}

describe('servers that exit 0', () => {
  it('redis-server --daemonize yes: up succeeds, status shows the server it left running, and down stops it', async ({ skip }) => {
    skip(!REDIS_SERVER, NEEDS_REDIS);
    const [port, papi] = await freePorts(2);
    const p = await project('redis-daemonize');
    await p.write('data/.keep', '');
    await p.write(
      'stack.yaml',
      stackYaml({
        cache: {
          command: redis(port!, p.path('data'), ['--daemonize', 'yes', '--logfile', p.path('data/redis.log'), '--pidfile', p.path('data/redis.pid')]),
          port: port!,
          watch: ['stack.yaml'],
        },
        api: { ...httpService({ port: papi!, name: 'api' }), depends_on: ['cache'] },
      }),
    );
    const up = await runExpecting(p.dir, ['up'], 0);
    expect(up.stdout, printed(up)).toMatch(/cache\s+healthy/);

    const cache = serviceIn(await statusJson(p.dir), 'cache');
    const [server] = listenersOf(port!);
    expect(cache, JSON.stringify(cache)).toMatchObject({ state: 'running', health: 'healthy', managedBy: 'stack', pid: server });
    expect(cache.notes).toContain(`daemonized: tracking pid ${server}`);
    const table = await runExpecting(p.dir, ['status'], 0);
    expect(table.stdout, printed(table)).toContain(`daemonized: tracking pid ${server}`);

    // It is supervised like any service: killed, it is started (and daemonizes) again.
    process.kill(server!, 'SIGKILL');
    const again = await waitFor(
      async () => {
        const s = serviceIn(await statusJson(p.dir), 'cache');
        if (s.state === 'running' && s.health === 'healthy' && s.pid !== server && s.pid !== null) return s;
        // What it is instead, for the failure message.
        throw new Error(JSON.stringify({ state: s.state, health: s.health, pid: s.pid, restarts: s.restarts, notes: s.notes, lastExit: s.lastExit }));
      },
      { timeoutMs: 20_000, intervalMs: 100, message: 'cache restarted and daemonized again' },
    );
    expect(listenersOf(port!)).toEqual([again.pid]);

    await runExpecting(p.dir, ['down'], 0);
    await waitFor(() => !isPidAlive(again.pid!), { timeoutMs: 10_000, message: 'the redis server stopped by down' });
    expect(listenersOf(port!)).toEqual([]);
  });

  it('pid_file: a daemonizing command with no port in stack.yaml; stack tracks the process its pid file names', async ({ skip }) => {
    skip(!REDIS_SERVER, NEEDS_REDIS);
    const [port] = await freePorts(1);
    const p = await project('redis-pid-file');
    await p.write('data/.keep', '');
    const pidFile = p.path('data/redis.pid');
    await p.write(
      'stack.yaml',
      stackYaml({
        cache: {
          command: redis(port!, p.path('data'), ['--daemonize', 'yes', '--logfile', p.path('data/redis.log'), '--pidfile', pidFile]),
          pid_file: 'data/redis.pid',
          watch: ['stack.yaml'],
        },
      }),
    );
    await runExpecting(p.dir, ['up'], 0);
    const server = Number(readFileSync(pidFile, 'utf8').trim());
    const cache = serviceIn(await statusJson(p.dir), 'cache');
    expect(cache, JSON.stringify(cache)).toMatchObject({ state: 'running', pid: server, managedBy: 'stack' });
    expect(cache.notes).toContain(`daemonized: tracking pid ${server}`);
    await runExpecting(p.dir, ['down'], 0);
    await waitFor(() => !isPidAlive(server), { timeoutMs: 10_000, message: 'the redis server stopped by down' });
  });

  it('pid_file under cwd with the default watch: each start writes it, and that never marks the service stale', async ({ skip }) => {
    skip(!REDIS_SERVER, NEEDS_REDIS);
    const [port] = await freePorts(1);
    const p = await project('redis-pid-file-watched');
    await p.write('svc/app.conf', 'a source\n');
    await p.write('data/.keep', '');
    const pidFile = p.path('svc/redis.pid');
    await p.write(
      'stack.yaml',
      stackYaml({
        cache: { command: redis(port!, p.path('data'), ['--daemonize', 'yes', '--logfile', p.path('data/redis.log'), '--pidfile', pidFile]), cwd: 'svc', port: port!, pid_file: 'redis.pid' },
      }),
    );
    await runExpecting(p.dir, ['up'], 0);
    const first = Number(readFileSync(pidFile, 'utf8').trim());
    // Killed, it is started again and writes its pid file anew: still fresh.
    process.kill(first, 'SIGKILL');
    const again = await waitFor(
      async () => {
        const s = serviceIn(await statusJson(p.dir), 'cache');
        return s.state === 'running' && s.health === 'healthy' && s.pid !== first && s.pid !== null && s.notes.some((n) => n.startsWith('daemonized')) ? s : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, message: 'cache restarted and daemonized again' },
    );
    expect(Number(readFileSync(pidFile, 'utf8').trim())).toBe(again.pid);
    expect(again, JSON.stringify(again)).toMatchObject({ stale: false, staleFiles: [] });
    const events = await runExpecting(p.dir, ['events', '--json'], 0);
    const stale = events.stdout.split('\n').filter((line) => line.trim() !== '' && JSON.parse(line).type === 'stale');
    expect(stale, printed(events)).toEqual([]);
    // A real source still counts.
    await p.write('svc/app.conf', 'edited\n');
    await waitFor(async () => serviceIn(await statusJson(p.dir), 'cache').stale, { message: 'cache stale after an edit of app.conf' });
    await runExpecting(p.dir, ['down'], 0);
    await waitFor(() => !isPidAlive(again.pid!), { timeoutMs: 10_000, message: 'the redis server stopped by down' });
  });

  it('redis with its files in its own cwd and the default watch: its log, snapshots and append-only files never mark it stale', async ({ skip }) => {
    skip(!REDIS_SERVER || !REDIS_CLI, NEEDS_REDIS);
    const [port] = await freePorts(1);
    const p = await project('redis-own-files');
    await p.write('svc/app.conf', 'a source\n');
    const svc = p.path('svc');
    await p.write('stack.yaml', stackYaml({ cache: { command: redis(port!, svc, ['--appendonly', 'yes', '--logfile', p.path('svc/redis.log')]), cwd: 'svc', port: port! } }));
    await runExpecting(p.dir, ['up'], 0);
    const cli = (...args: string[]) => execFileSync(REDIS_CLI!, ['-p', String(port), ...args], { encoding: 'utf8' }).trim();
    expect(cli('SET', 'k', 'v')).toBe('OK');
    expect(cli('SAVE')).toBe('OK');
    cli('BGSAVE');
    await waitFor(() => cli('INFO', 'persistence').includes('rdb_bgsave_in_progress:0'), { message: 'the background save done' });

    // Then a real source: the only file named stale is that one.
    await p.write('svc/app.conf', 'edited\n');
    const cache = await waitFor(async () => {
      const s = serviceIn(await statusJson(p.dir), 'cache');
      return s.stale ? s : undefined;
    }, { message: 'cache stale after an edit of app.conf' });
    expect(cache.staleFiles.map((f) => f.path)).toEqual(['svc/app.conf']);
    const events = await runExpecting(p.dir, ['events', '--json'], 0);
    const staleEvents = events.stdout.split('\n').filter((line) => line.trim() !== '' && JSON.parse(line).type === 'stale');
    expect(staleEvents.map((line) => JSON.parse(line).files), printed(events)).toEqual(['svc/app.conf']);
  });

  it('redis-cli shutdown of a cache an api depends on (restart: no): it is down, doctor names it first and never calls it fine', async ({ skip }) => {
    skip(!REDIS_SERVER || !REDIS_CLI, NEEDS_REDIS);
    const [port, papi] = await freePorts(2);
    const p = await project('redis-shutdown');
    await p.write('data/.keep', '');
    await p.write(
      'stack.yaml',
      stackYaml({
        cache: { command: redis(port!, p.path('data')), port: port!, restart: 'no', watch: ['stack.yaml'] },
        api: { ...httpService({ port: papi!, name: 'api' }), depends_on: ['cache'] },
      }),
    );
    await runExpecting(p.dir, ['up'], 0);

    execFileSync(REDIS_CLI!, ['-p', String(port), 'shutdown', 'nosave']);

    const cache = await waitFor(
      async () => {
        const s = serviceIn(await statusJson(p.dir), 'cache');
        return s.state === 'exited' ? s : null;
      },
      { timeoutMs: 15_000, intervalMs: 100, message: 'cache to be seen exited' },
    );
    expect(cache.lastExit).toMatchObject({ code: 0, signal: null });

    const doctor = await runExpecting(p.dir, ['doctor', '--json'], 1);
    const findings = (JSON.parse(doctor.stdout) as { findings: Array<{ check: string; service: string; causedBy?: string }> }).findings;
    expect(findings[0], printed(doctor)).toMatchObject({ check: 'service-down', service: 'cache' });
    expect(findings).toContainEqual(expect.objectContaining({ check: 'dependency-down', service: 'api', causedBy: 'cache' }));
    const text = await runExpecting(p.dir, ['doctor'], 1);
    expect(text.stdout, printed(text)).not.toMatch(/cache[^\n]*no problems found/);
    expect(text.stdout, printed(text)).toMatch(/cache is down: exited with code 0/);
  });
});
