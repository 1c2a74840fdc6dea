// Stale code (incident 000): a process serving code older than what is on disk.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { stackYaml } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/procs.js';
import { httpGet, printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();
const byHand: ChildProcess[] = [];
afterEach(() => {
  for (const child of byHand.splice(0)) child.kill('SIGKILL');
});

/** A server whose answer comes from its source: GET / → the VERSION constant in server.js. */
const server = (version: string): string => `
const VERSION = '${version}';
require('node:http').createServer((req, res) => res.end(VERSION)).listen(process.env.PORT);
process.on('SIGTERM', () => process.exit(0));
`;

async function serving(port: number, version: string): Promise<void> {
  await waitFor(async () => (await httpGet(port).catch(() => ({ body: '' }))).body === version, {
    timeoutMs: 15_000,
    message: `${version} served on port ${port}`,
  });
}

/** api once a process other than `previous` runs it and has passed its health check. */
async function healthyAgain(dir: string, previous: number | null) {
  return waitFor(
    async () => {
      const s = serviceIn(await statusJson(dir), 'api');
      return s.pid !== previous && s.state === 'running' && s.health === 'healthy' ? s : null;
    },
    { timeoutMs: 15_000, intervalMs: 100, message: `api healthy again in a process other than ${previous}` },
  );
}

async function staleStatus(dir: string, name: string) {
  return waitFor(
    async () => {
      const s = serviceIn(await statusJson(dir), name);
      return s.stale ? s : null;
    },
    { timeoutMs: 10_000, intervalMs: 100, message: `${name} marked stale` },
  );
}

describe('stale code', () => {
  it('an edit to a watched file marks the running service STALE with that file; ignored files do not', async () => {
    const [port] = await freePorts(1);
    const p = await project('stale-edit');
    await p.write('api/server.js', server('v1'));
    await p.write('api/.gitignore', 'tmp/\n');
    await p.write('api/tmp/scratch.txt', 'x');
    await p.write('api/node_modules/dep/index.js', 'x');
    await p.write('stack.yaml', stackYaml({ api: { command: ['node', 'server.js'], cwd: 'api', port: port! } }));
    await runExpecting(p.dir, ['up'], 0);

    await p.write('api/tmp/scratch.txt', 'ignored by .gitignore');
    await p.write('api/node_modules/dep/index.js', 'never watched');
    // What an editor leaves beside the file it has open, and what the server writes for itself.
    await p.write('api/.server.js.swp', 'vim swap');
    await p.write('api/server.js~', 'backup');
    await p.write('api/api.log', 'a line');
    await p.write('api/server.js', server('v2'));

    const api = await staleStatus(p.dir, 'api');
    expect(api.staleFiles.map((f) => f.path)).toEqual(['api/server.js']);
    expect(Date.parse(api.staleFiles[0]!.modifiedAt)).toBeGreaterThan(Date.parse(api.startedAt!));
    expect((await httpGet(port!)).body).toBe('v1'); // still serving the old code: that is the point
    const table = await runExpecting(p.dir, ['status'], 0);
    expect(table.stdout).toMatch(/STALE: api\/server\.js modified \S+ after start/);
    const events = await runExpecting(p.dir, ['events', 'api'], 0);
    expect(events.stdout).toMatch(/stale: api\/server\.js changed after it started/);

    // A restart serves the new code and clears the mark.
    await runExpecting(p.dir, ['restart', 'api'], 0);
    expect((await httpGet(port!)).body).toBe('v2');
    expect(serviceIn(await statusJson(p.dir), 'api')).toMatchObject({ stale: false, staleFiles: [] });
  });

  it('`watch` edited in stack.yaml: once `up` applies it, the new globs decide what marks the service stale, not the old', async () => {
    const [port] = await freePorts(1);
    const p = await project('stale-watch-edited');
    await p.write('api/server.js', server('v1'));
    await p.write('api/data.json', '{}');
    const api = (watch: string[]) => stackYaml({ api: { command: ['node', 'server.js'], cwd: 'api', port: port!, watch } });
    await p.write('stack.yaml', api(['**']));
    await runExpecting(p.dir, ['up'], 0);

    await p.write('stack.yaml', api(['**/*.js']));
    const narrowed = await runExpecting(p.dir, ['up'], 0);
    expect(narrowed.stdout, printed(narrowed)).toMatch(/api\s+config changed \(watch\): restarting/);
    await p.write('api/data.json', '{"left": "out now"}');
    await p.write('api/server.js', server('v2'));
    expect((await staleStatus(p.dir, 'api')).staleFiles.map((f) => f.path)).toEqual(['api/server.js']);

    await p.write('stack.yaml', api(['**/*.json']));
    await runExpecting(p.dir, ['up'], 0);
    await p.write('api/server.js', server('v3'));
    await p.write('api/data.json', '{"watched": "again"}');
    expect((await staleStatus(p.dir, 'api')).staleFiles.map((f) => f.path)).toEqual(['api/data.json']);
  });

  it('a Python service writing its own __pycache__ at import is not stale for it; an edit of a module it imports is', async () => {
    const [port] = await freePorts(1);
    const p = await project('stale-pycache');
    await p.write('app/helper.py', 'def version():\n    return "v1"\n');
    await p.write(
      'app/app.py',
      [
        'import helper',
        'from http.server import HTTPServer, BaseHTTPRequestHandler',
        'class H(BaseHTTPRequestHandler):',
        '    def do_GET(self):',
        '        self.send_response(200); self.end_headers(); self.wfile.write(helper.version().encode())',
        `HTTPServer(('127.0.0.1', ${port}), H).serve_forever()`,
        '',
      ].join('\n'),
    );
    // Bytecode written as Python would by default (this machine's environment may turn it off).
    await p.write('stack.yaml', stackYaml({ api: { command: ['python3', 'app.py'], cwd: 'app', port: port!, env: { PYTHONDONTWRITEBYTECODE: '' } } }));
    await runExpecting(p.dir, ['up'], 0);
    await waitFor(() => existsSync(p.path('app/__pycache__')), { message: 'python to write its bytecode cache' });

    await p.write('app/helper.py', 'def version():\n    return "v2"\n');
    const api = await staleStatus(p.dir, 'api');
    expect(api.staleFiles.map((f) => f.path)).toEqual(['app/helper.py']);
    const events = await runExpecting(p.dir, ['events', 'api'], 0);
    expect(events.stdout, printed(events)).not.toMatch(/__pycache__/);
  });

  it('an edit right after `up` returns is caught, even on a tree the watcher takes a while to crawl', async () => {
    const [port] = await freePorts(1);
    const p = await project('stale-right-after-up');
    // 20,000 files: the watcher's first crawl takes longer than the server takes to boot.
    for (let d = 0; d < 200; d++) {
      const dir = path.join(p.dir, 'api', 'lib', `d${d}`);
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 100; f++) writeFileSync(path.join(dir, `f${f}.js`), `module.exports = ${f};\n`);
    }
    await p.write('api/server.js', server('v1'));
    await p.write('stack.yaml', stackYaml({ api: { command: ['node', 'server.js'], cwd: 'api', port: port! } }));
    await runExpecting(p.dir, ['up'], 0);
    await p.write('api/lib/d199/f99.js', 'module.exports = "edited";\n');
    const api = await staleStatus(p.dir, 'api');
    expect(api.staleFiles.map((f) => f.path)).toEqual(['api/lib/d199/f99.js']);
  });

  it('on_stale: restart restarts once for a burst of saves and then serves the new code', async () => {
    const [port] = await freePorts(1);
    const p = await project('stale-restart');
    await p.write('server.js', server('v1'));
    await p.write('stack.yaml', stackYaml({ api: { command: ['node', 'server.js'], port: port!, on_stale: 'restart', watch: ['*.js', 'lib/**'] } }));
    await runExpecting(p.dir, ['up'], 0);
    const first = serviceIn(await statusJson(p.dir), 'api').pid;

    // A build writing many files in a burst, then the real change. Written in one
    // synchronous loop: awaited one by one, a busy machine could stall the writes for
    // longer than the pause after which a burst counts as over (50 ms), and restart twice.
    mkdirSync(p.path('lib'), { recursive: true });
    for (let i = 0; i < 30; i++) writeFileSync(p.path(`lib/generated-${i}.js`), `// ${i}`);
    writeFileSync(p.path('server.js'), server('v2'));
    await serving(port!, 'v2');
    const second = await healthyAgain(p.dir, first);

    // Every file of the burst is older than the process serving v2, so only a later edit can
    // make it stale again. That edit's restart is the positive signal: any further restart
    // the burst made shows up in the timeline before it, with no fixed wait to guess.
    await p.write('server.js', server('v3'));
    await serving(port!, 'v3');
    const third = await healthyAgain(p.dir, second.pid);

    const events = (await runExpecting(p.dir, ['events', 'api', '--json', '-n', '1000'], 0)).stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { type: string; pid?: number; reason?: string });
    const timeline = events.filter((e) => e.type === 'start' || e.type === 'restart').map((e) => (e.type === 'start' ? `start ${e.pid}` : `restart: ${e.reason}`));
    const restart = 'restart: sources changed (on_stale: restart)';
    expect(timeline).toEqual([`start ${first}`, restart, `start ${second.pid}`, restart, `start ${third.pid}`]);
    expect(third).toMatchObject({ state: 'running', stale: false });
  });

  it('on_stale: restart: a save that lands while the new process starts restarts it again once it is up', async () => {
    const [port] = await freePorts(1);
    const p = await project('stale-restart-late');
    // When `late-save` exists, the server saves lib/late.js as it starts (once), then listens.
    const lateServer = (version: string) => `
const fs = require('node:fs');
if (fs.existsSync('late-save')) {
  fs.unlinkSync('late-save');
  fs.writeFileSync('lib/late.js', '// saved while ' + process.pid + ' started\\n');
}
setTimeout(() => require('node:http').createServer((req, res) => res.end('${version}')).listen(process.env.PORT), 300);
process.on('SIGTERM', () => process.exit(0));
`;
    await p.write('server.js', lateServer('v1'));
    await p.write('lib/late.js', '// not saved yet\n');
    await p.write('stack.yaml', stackYaml({ api: { command: ['node', 'server.js'], port: port!, on_stale: 'restart', watch: ['*.js', 'lib/**'] } }));
    await runExpecting(p.dir, ['up'], 0);
    const first = serviceIn(await statusJson(p.dir), 'api').pid;

    await p.write('late-save', '');
    await p.write('server.js', lateServer('v2'));
    const fresh = await waitFor(
      async () => {
        const s = serviceIn(await statusJson(p.dir), 'api');
        return s.state === 'running' && s.health === 'healthy' && !s.stale && !existsSync(path.join(p.dir, 'late-save')) && s.pid !== first ? s : null;
      },
      { timeoutMs: 20_000, intervalMs: 100, message: 'api running fresh after the save made while it started' },
    );
    await serving(port!, 'v2');

    const events = (await runExpecting(p.dir, ['events', 'api', '--json', '-n', '1000'], 0)).stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { type: string; pid?: number; reason?: string });
    const timeline = events.filter((e) => e.type === 'start' || e.type === 'restart').map((e) => (e.type === 'start' ? 'start' : `restart: ${e.reason}`));
    expect(timeline).toEqual([
      'start',
      'restart: sources changed (on_stale: restart)',
      'start',
      'restart: sources changed while it started (on_stale: restart)',
      'start',
    ]);
    expect(events.filter((e) => e.type === 'start').at(-1)?.pid).toBe(fresh.pid);
  });

  it('on_stale: restart: a `stack down` while the restart for a save builds wins, the service stays down', async () => {
    const [port] = await freePorts(1);
    const p = await project('stale-restart-down');
    await p.write('server.js', server('v1'));
    // The build goes on while the file `hold` exists: the test decides when it ends.
    await p.write('stack.yaml', stackYaml({ api: { command: ['node', 'server.js'], port: port!, on_stale: 'restart', build: 'while [ -e hold ]; do sleep 0.02; done', watch: ['*.js'] } }));
    await runExpecting(p.dir, ['up'], 0);

    await p.write('hold', '');
    await p.write('server.js', server('v2'));
    await waitFor(async () => serviceIn(await statusJson(p.dir), 'api').state === 'building', { timeoutMs: 10_000, intervalMs: 50, message: 'the restart for the save building' });
    await runExpecting(p.dir, ['down', 'api'], 0);
    rmSync(p.path('hold'));
    const timeline = async () =>
      (await runExpecting(p.dir, ['events', 'api', '--json', '-n', '1000'], 0)).stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => (JSON.parse(line) as { type: string }).type);
    await waitFor(async () => (await timeline()).filter((t) => t === 'build').length === 2, { timeoutMs: 10_000, message: 'the build for the save finished' });
    // Whatever that build's end led to is on record before this up launches api.
    await runExpecting(p.dir, ['up', 'api'], 0);
    const events = await timeline();
    const secondBuild = events.indexOf('build', events.indexOf('build') + 1);
    const afterBuild = events.slice(secondBuild + 1);
    // The up's own first event about api is its launch.
    expect(afterBuild.indexOf('launch'), events.join(' ')).toBeGreaterThanOrEqual(0);
    expect(afterBuild.slice(0, afterBuild.indexOf('launch')), events.join(' ')).toEqual([]);
  });

  it('a hand-started server on a declared port is foreign, and stale after its source changes', async () => {
    const [port] = await freePorts(1);
    const p = await project('stale-foreign');
    await p.write('server.js', server('v1'));
    await p.write('stack.yaml', stackYaml({ api: { command: ['node', 'server.js'], port: port! } }));
    const child = spawn(process.execPath, ['server.js'], { cwd: p.dir, env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
    byHand.push(child);
    await waitFor(() => httpGet(port!).then((r) => r.body === 'v1'), { timeoutMs: 10_000, message: 'hand-started server' });
    const before = serviceIn(await statusJson(p.dir), 'api');
    expect(before).toMatchObject({ managedBy: 'foreign', pid: child.pid, stale: false });

    // An edit counts as newer than the process once it is past its start time plus the
    // OS's start-time resolution (10 ms on Linux).
    const startedAt = Date.parse(before.startedAt!);
    await waitFor(() => Date.now() > startedAt + 20, { timeoutMs: 5000, message: 'the clock to pass the start time' });
    await p.write('server.js', server('v2'));

    const api = serviceIn(await statusJson(p.dir), 'api');
    expect(api, JSON.stringify(api)).toMatchObject({ managedBy: 'foreign', pid: child.pid, stale: true });
    expect(api.staleFiles.map((f) => f.path)).toEqual(['server.js']);
    const table = await runExpecting(p.dir, ['status'], 0);
    expect(table.stdout, printed(table)).toMatch(/STALE: server\.js modified/);
    expect(table.stdout).toMatch(new RegExp(`not started by stack: pid ${child.pid}`));
  });

  it('with on_stale: restart a crash-looping service waits for a change, then tries again once', async () => {
    const [port] = await freePorts(1);
    const p = await project('stale-crashloop');
    await p.write('server.js', "console.error(\"Error: Cannot find module './routes'\"); process.exit(1);\n");
    await p.write('stack.yaml', stackYaml({ api: { command: ['node', 'server.js'], port: port!, on_stale: 'restart' } }));
    await runExpecting(p.dir, ['up'], 1);
    await waitFor(async () => serviceIn(await statusJson(p.dir), 'api').state === 'crashloop', {
      timeoutMs: 40_000,
      intervalMs: 500,
      message: 'api in crashloop',
    });

    await p.write('server.js', server('fixed'));

    await waitFor(async () => (await httpGet(port!).catch(() => ({ body: '' }))).body === 'fixed', {
      timeoutMs: 15_000,
      message: 'the fixed code served after the change',
    });
    expect(serviceIn(await statusJson(p.dir), 'api')).toMatchObject({ state: 'running' });
  });
});
