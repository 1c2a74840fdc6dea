// The supervisor daemon under `up --foreground` with Ctrl-C. (Two `up`s racing:
// test/faults/races.test.ts; a daemon killed mid-run or mid-up: test/faults/daemon-death.test.ts.)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DAEMON_NODE_FLAGS, spawnWithFallback } from '../../src/client/daemon-client.js';
import { makeRuntimeDir, projectPaths } from '../../src/project-dir.js';
import { REPO_ROOT, startStack, stopStack, waitForOutput } from '../helpers/cli.js';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml } from '../helpers/fixtures.js';
import { describeProcs, isPidAlive, processesUnder, waitFor } from '../helpers/procs.js';
import { listenersOf, pidsOf, printed, runExpecting, statusJson, useProjects, type StatusJson } from './support.js';

const project = useProjects();

/** Children of `parent` that exited and were never reaped (state Z in /proc/<pid>/stat), as "pid (comm)". */
function zombieChildren(parent: number): string[] {
  const zombies: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid …; comm may contain spaces and parentheses.
    const close = stat.lastIndexOf(')');
    const [state, ppid] = stat.slice(close + 2).split(' ');
    if (state === 'Z' && Number(ppid) === parent) zombies.push(stat.slice(0, close + 1));
  }
  return zombies;
}

/** db (boots in `dbBootMs`) ← api, both run without a shell: one process per service, the one that listens. */
function twoServices(pdb: number, papi: number, dbBootMs = 300): string {
  return stackYaml({
    db: httpService({ port: pdb, name: 'db', bootMs: dbBootMs, argv: true }),
    api: { ...httpService({ port: papi, name: 'api', argv: true }), depends_on: ['db'] },
  });
}

async function allHealthy(dir: string): Promise<StatusJson | undefined> {
  const status = await statusJson(dir);
  return status.services.every((s) => s.state === 'running' && s.health === 'healthy') ? status : undefined;
}

describe('the daemon', () => {
  it.runIf(process.platform === 'linux')('keeps no zombie children: what it spawns and what exits is reaped', async () => {
    const [port] = await freePorts(1);
    const p = await project('daemon-no-zombies', { 'stack.yaml': stackYaml({ api: httpService({ port: port!, name: 'api' }) }) });
    await runExpecting(p.dir, ['up'], 0);
    // A status in between gives a child that exits at start-up (a shell probing for a tool) time to be seen.
    const daemon = (await statusJson(p.dir)).daemon.pid!;
    expect(zombieChildren(daemon), 'zombie children of the daemon').toEqual([]);
  });

  it.runIf(process.platform === 'linux')('runs as node, its footprint flags and its entry, and probes over http', async () => {
    const [port] = await freePorts(1);
    const p = await project('daemon-argv', {
      'stack.yaml': stackYaml({ api: httpService({ port: port!, name: 'api', health: { http: 'http://localhost:${PORT}/health', interval: '200ms' } }) }),
    });
    await runExpecting(p.dir, ['up'], 0);
    const status = await statusJson(p.dir);
    expect(status.services[0]).toMatchObject({ name: 'api', state: 'running', health: 'healthy' });
    const argv = readFileSync(`/proc/${status.daemon.pid}/cmdline`, 'utf8').split('\0');
    expect(argv.slice(1, 1 + DAEMON_NODE_FLAGS.length)).toEqual([...DAEMON_NODE_FLAGS]);
    expect(argv[1 + DAEMON_NODE_FLAGS.length]).toMatch(/daemon[\\/]main\.js$/);
  });

  it.runIf(process.platform === 'linux')(
    'runs as CommonJS without node\'s ESM loader, its malloc arenas set for itself alone, the user\'s given to its services',
    async () => {
      const [port] = await freePorts(1);
      const p = await project('daemon-commonjs', {
        // The service prints the MALLOC_ARENA_MAX it got ("-" for none), then serves (stackYaml writes `$$`: the shell expands it, not stack).
        'stack.yaml': stackYaml({ api: { ...httpService({ port: port!, name: 'api' }), command: `echo "arenas=\${MALLOC_ARENA_MAX:--}"; ${httpService({ port: port!, name: 'api' }).command}` } }),
        // In the daemon only: the builtin modules it loaded, written as it exits.
        'modules.cjs': `if (process.argv.some((a) => /daemon[\\\\/]main\\.js$/.test(a))) process.on('exit', () => require('fs').writeFileSync(${JSON.stringify('LOADED')}, process.moduleLoadList.join('\\n')));`,
      });
      const loaded = p.path('LOADED');
      const env = { NODE_OPTIONS: `--require ${p.path('modules.cjs')}`, MALLOC_ARENA_MAX: undefined };
      await runExpecting(p.dir, ['up'], 0, { env });
      const daemon = (await statusJson(p.dir)).daemon.pid!;
      // Its environment as it started (glibc reads it then), and its service's.
      expect(readFileSync(`/proc/${daemon}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=1');
      await waitFor(() => readFileSync(p.path('.stack/logs/api.log'), 'utf8').includes('arenas=-'), { message: 'api to print the MALLOC_ARENA_MAX it got' });
      await runExpecting(p.dir, ['down'], 0);

      const modules = await waitFor(() => { try { return readFileSync(loaded, 'utf8'); } catch { return null; } }, { message: 'the daemon to write what it loaded' });
      expect(modules).toContain('NativeModule internal/modules/cjs/loader');
      expect(modules).toContain('NativeModule http');
      expect(modules).not.toContain('NativeModule internal/modules/esm/loader');

      // A user's own MALLOC_ARENA_MAX reaches the services as it was.
      await runExpecting(p.dir, ['up'], 0, { env: { MALLOC_ARENA_MAX: '4' } });
      await waitFor(() => readFileSync(p.path('.stack/logs/api.log'), 'utf8').includes('arenas=4'), { message: 'api to print MALLOC_ARENA_MAX=4' });
    },
  );

  it('starts without its flags when node refuses one ("bad option")', async () => {
    const [port] = await freePorts(1);
    const p = await project('daemon-bad-flag', { 'stack.yaml': stackYaml({ api: httpService({ port: port!, name: 'api' }) }) });
    const paths = projectPaths(path.join(p.dir, 'stack.yaml'));
    makeRuntimeDir(paths.runtimeDir);
    // The built daemon, as bin/stack starts it (this test imports the sources).
    const entry = path.join(REPO_ROOT, 'dist', 'bundle', 'daemon', 'main.js');
    const ping = await spawnWithFallback(paths, Date.now() + 10_000, { flags: ['--no-such-v8-flag-for-this-test'], entry });
    expect(isPidAlive(ping.pid)).toBe(true);
    expect(readFileSync(paths.daemonLog, 'utf8')).toContain('bad option: --no-such-v8-flag-for-this-test');
    if (process.platform === 'linux') expect(readFileSync(`/proc/${ping.pid}/cmdline`, 'utf8')).not.toContain('--no-such-v8-flag');
    // The daemon it started is the project's: up uses it, down stops it.
    await runExpecting(p.dir, ['up'], 0);
    expect((await statusJson(p.dir)).daemon.pid).toBe(ping.pid);
  });

  it('up --foreground: ready line, healthy services, Ctrl-C exits 0 and leaves nothing behind', async () => {
    const [pdb, papi] = await freePorts(2);
    const p = await project('daemon-foreground', { 'stack.yaml': twoServices(pdb!, papi!) });

    const foreground = startStack(p.dir, ['up', '--foreground']);
    let stopped = false;
    try {
      await waitForOutput(foreground, /\d+ services? ready\b/);

      const status = await waitFor(() => allHealthy(p.dir), { timeoutMs: 15_000, message: 'services to be healthy under --foreground' });
      const recorded = new Set<number>([...(Object.values(pidsOf(status)) as number[]), ...processesUnder(p.dir).map((proc) => proc.pid)]);
      expect(recorded.size).toBeGreaterThanOrEqual(3); // db, api, and the supervisor itself

      const result = await stopStack(foreground, { signal: 'SIGINT' });
      stopped = true;

      expect(result.code, printed(result)).toBe(0);
      const alive = [...recorded].filter((pid) => isPidAlive(pid));
      expect(alive, `alive after Ctrl-C:\n${describeProcs(processesUnder(p.dir))}\n${printed(result)}`).toEqual([]);
      expect(describeProcs(processesUnder(p.dir))).toBe('(none)');
      expect(listenersOf(pdb!)).toEqual([]);
      expect(listenersOf(papi!)).toEqual([]);
    } finally {
      if (!stopped) await stopStack(foreground, { signal: 'SIGKILL' });
    }
  });

  it('up --foreground: Ctrl-C while services are still starting stops them too', async () => {
    const [pdb, papi] = await freePorts(2);
    // db takes 30 s to boot: Ctrl-C comes while it is starting and api waits for it.
    const p = await project('foreground-early', { 'stack.yaml': twoServices(pdb!, papi!, 30_000) });

    const foreground = startStack(p.dir, ['up', '--foreground']);
    let stopped = false;
    try {
      await waitForOutput(foreground, /db\s+starting/);
      const db = await waitFor(async () => (await statusJson(p.dir)).services.find((s) => s.name === 'db' && s.pid !== null), {
        timeoutMs: 10_000,
        message: 'db spawned',
      });

      const result = await stopStack(foreground, { signal: 'SIGINT' });
      stopped = true;

      expect(result.code, printed(result)).toBe(0);
      expect(isPidAlive(db!.pid!), 'db after Ctrl-C').toBe(false);
      expect(describeProcs(processesUnder(p.dir))).toBe('(none)');
    } finally {
      if (!stopped) await stopStack(foreground, { signal: 'SIGKILL' });
    }
  });
});
