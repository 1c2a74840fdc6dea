// staleness: loaded (issue 15): the sources of a Node service are the files its processes
// load, wherever they are (../shared), plus its watch globs for what it reads otherwise; a
// file it never loaded does not count, nor does a module the globs match that it never loaded. Through `npm run` and `sh -c`, into child Node processes, with the user's own
// NODE_OPTIONS kept. A command that is not Node falls back to the watch globs, and says so.
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { stackYaml } from '../helpers/fixtures.js';
import { git } from '../helpers/git.js';
import { isPidAlive, waitFor } from '../helpers/procs.js';
import { httpGet, runExpecting, serviceIn, statusJson, serviceWhen, useProjects, type ServiceJson } from './support.js';

const project = useProjects();

/** The demo's api, reshaped: it requires ../shared/util.js, imports an ES module, and starts a child Node process. */
const SERVER = `
const util = require('../shared/util.js');
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['child.js'], { stdio: 'inherit' });
import('./esm-route.mjs').then(({ route }) => {
  require('node:http')
    .createServer((req, res) => res.end(JSON.stringify({ util: util.name, route, nodeOptions: process.env.NODE_OPTIONS })))
    .listen(process.env.PORT);
});
process.on('SIGTERM', () => { child.kill(); process.exit(0); });
`;

/** api's status once `check` holds for it. */
const apiWhen = (dir: string, what: string, check: (s: ServiceJson) => boolean): Promise<ServiceJson> => serviceWhen(dir, 'api', what, check);

const paths = (s: ServiceJson) => s.staleFiles.map((f) => f.path).sort();

describe('staleness: loaded', () => {
  it('counts what the api loaded, ../shared included, and not what it never loaded', async () => {
    const [port] = await freePorts(1);
    const p = await project('loaded-api');
    await p.write('shared/util.js', "module.exports = { name: 'util v1' };\n");
    await p.write('shared/child-dep.js', 'module.exports = 1;\n');
    await p.write('shared/esm-dep.mjs', 'export const dep = 1;\n');
    await p.write('shared/unused.js', 'module.exports = "nobody requires me";\n');
    await p.write('api/server.js', SERVER);
    await p.write('api/child.js', "require('../shared/child-dep.js'); setInterval(() => {}, 1000);\n");
    await p.write('api/esm-route.mjs', "import { dep } from '../shared/esm-dep.mjs'; export const route = 'route ' + dep;\n");
    await p.write('api/README.md', 'notes\n');
    await p.write('api/notes.js', '// a script nobody requires\n');
    await p.write('api/package.json', JSON.stringify({ name: 'api', private: true, scripts: { start: 'node server.js' } }));
    await p.write(
      'stack.yaml',
      stackYaml({
        api: {
          command: 'npm run start',
          cwd: 'api',
          port: port!,
          staleness: 'loaded',
          // The demo's glob: it matches notes.js too, which api never loads.
          watch: ['config/**', '**/*.js'],
          env: { NODE_OPTIONS: '--max-old-space-size=256' },
        },
      }),
    );
    await p.write('.gitignore', '.stack/\n');
    git(p.dir, ['init', '-q', '-b', 'main']);
    git(p.dir, ['add', '-A']);
    git(p.dir, ['commit', '-q', '-m', 'one']);
    await runExpecting(p.dir, ['up'], 0);
    const answer = JSON.parse((await httpGet(port!)).body) as { util: string; route: string; nodeOptions: string };
    expect(answer).toMatchObject({ util: 'util v1', route: 'route 1' });
    expect(answer.nodeOptions).toMatch(/^--max-old-space-size=256 --require ".*record-loads\.cjs"$/);

    // server.js, child.js, esm-route.mjs and the three shared files it (or its child) loaded.
    const loaded = await apiWhen(p.dir, 'api loaded its six files', (s) => (s.loaded?.files ?? 0) >= 6 && s.staleBy !== null);
    expect(loaded).toMatchObject({ stale: false, staleBy: 'content', loaded: { changed: [] } });

    // Files it never loaded: not stale. Then one it did, outside its cwd: stale, and only that one.
    await p.write('shared/unused.js', 'module.exports = "edited";\n');
    await p.write('api/README.md', 'edited notes\n');
    await p.write('api/notes.js', '// edited, still never required\n');
    await p.write('shared/util.js', "module.exports = { name: 'util v2' };\n");
    let api = await apiWhen(p.dir, 'api stale by shared/util.js', (s) => s.stale);
    expect(paths(api)).toEqual(['shared/util.js']);
    expect(api.loaded).toMatchObject({ changed: ['shared/util.js'] });
    // The pre-commit check agrees: a staged edit of a file api loaded is about api.
    git(p.dir, ['add', 'shared/util.js']);
    const staged = await runExpecting(p.dir, ['doctor', '--staged', '--json'], 1);
    expect((JSON.parse(staged.stdout) as { findings: { check: string; service: string }[] }).findings).toContainEqual(
      expect.objectContaining({ check: 'stale-code', service: 'api' }),
    );

    // What the child process loaded, and what came through import(), count too.
    await p.write('shared/child-dep.js', 'module.exports = 2;\n');
    await p.write('shared/esm-dep.mjs', 'export const dep = 2;\n');
    api = await apiWhen(p.dir, 'api stale by the child and ESM dependencies too', (s) => paths(s).length === 3);
    expect(paths(api)).toEqual(['shared/child-dep.js', 'shared/esm-dep.mjs', 'shared/util.js']);

    // The watch globs still count (config, templates).
    await p.write('api/config/app.json', '{}\n');
    await apiWhen(p.dir, 'api stale by its watch glob', (s) => paths(s).includes('api/config/app.json'));

    // A restart loads the new code: fresh.
    await runExpecting(p.dir, ['restart', 'api'], 0);
    expect(JSON.parse((await httpGet(port!)).body)).toMatchObject({ util: 'util v2', route: 'route 2' });
    api = await apiWhen(p.dir, 'api fresh after the restart', (s) => !s.stale && (s.loaded?.files ?? 0) >= 6);
    expect(api.loaded).toMatchObject({ changed: [] });
  });

  it('a Python service: what it imported counts, ../shared included, what it never imported does not', async () => {
    const [port] = await freePorts(1);
    const p = await project('loaded-python');
    await p.write('shared/util.py', "NAME = 'util v1'\n");
    await p.write('shared/unused.py', "NAME = 'nobody imports me'\n");
    await p.write('mylibs/greeting.py', "TEXT = 'hello'\n");
    await p.write('mylibs/sitecustomize.py', "import os\nos.environ['USER_SITECUSTOMIZE_RAN'] = 'yes'\n");
    await p.write(
      'app/app.py',
      [
        'import json, os, sys',
        "sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'shared'))",
        'import util, greeting',
        'from http.server import BaseHTTPRequestHandler, HTTPServer',
        'class H(BaseHTTPRequestHandler):',
        '    def do_GET(self):',
        "        body = json.dumps({'util': util.NAME, 'greeting': greeting.TEXT, 'userSite': os.environ.get('USER_SITECUSTOMIZE_RAN')}).encode()",
        '        self.send_response(200); self.end_headers(); self.wfile.write(body)',
        '    def log_message(self, *args): pass',
        "HTTPServer(('127.0.0.1', int(os.environ['PORT'])), H).serve_forever()",
        '',
      ].join('\n'),
    );
    await p.write('app/notes.txt', 'notes\n');
    await p.write(
      'stack.yaml',
      stackYaml({ api: { command: ['python3', 'app.py'], cwd: 'app', port: port!, staleness: 'loaded', env: { PYTHONPATH: p.path('mylibs') } } }),
    );
    await runExpecting(p.dir, ['up'], 0);
    // The user's PYTHONPATH (and the sitecustomize on it) still work.
    expect(JSON.parse((await httpGet(port!)).body)).toEqual({ util: 'util v1', greeting: 'hello', userSite: 'yes' });
    // app.py, shared/util.py and mylibs/greeting.py (the standard library is outside the project).
    await apiWhen(p.dir, 'api loaded its three files', (s) => s.loaded?.files === 3 && s.staleBy !== null);

    await p.write('shared/unused.py', "NAME = 'edited'\n");
    await p.write('app/notes.txt', 'edited\n');
    await p.write('shared/util.py', "NAME = 'util v2'\n");
    const api = await apiWhen(p.dir, 'api stale by shared/util.py', (s) => s.stale);
    expect(paths(api)).toEqual(['shared/util.py']);
    expect(api.loaded).toMatchObject({ files: 3, changed: ['shared/util.py'] });
  });

  it('a new daemon re-adopting the api goes on: a loaded file changed before, or while no daemon ran, is stale; one never loaded is not', async () => {
    const [port] = await freePorts(1);
    const p = await project('loaded-readopt');
    await p.write('shared/util.js', "module.exports = { name: 'util v1' };\n");
    await p.write('shared/other.js', "module.exports = { name: 'other v1' };\n");
    await p.write('shared/unused.js', 'module.exports = 0;\n');
    await p.write('api/server.js', "const a = require('../shared/util.js'); const b = require('../shared/other.js');\nrequire('node:http').createServer((q, r) => r.end(a.name + b.name)).listen(process.env.PORT);\n");
    await p.write('stack.yaml', stackYaml({ api: { command: ['node', 'server.js'], cwd: 'api', port: port!, staleness: 'loaded' } }));
    await runExpecting(p.dir, ['up'], 0);
    await apiWhen(p.dir, 'api loaded its three files', (s) => s.loaded?.files === 3 && s.staleBy !== null);
    await p.write('shared/util.js', "module.exports = { name: 'util v2' };\n");
    const before = await apiWhen(p.dir, 'api stale by shared/util.js', (s) => s.stale);

    const daemon = (await statusJson(p.dir)).daemon.pid!;
    process.kill(daemon, 'SIGKILL');
    await waitFor(() => !isPidAlive(daemon), { message: 'the daemon gone' });
    // While no daemon watches: one loaded file, one never loaded.
    await p.write('shared/other.js', "module.exports = { name: 'other v2' };\n");
    await p.write('shared/unused.js', 'module.exports = 1;\n');

    const after = await apiWhen(p.dir, 'the new daemon to see both loaded files changed', (s) => paths(s).length === 2);
    expect(after.pid).toBe(before.pid);
    expect(paths(after)).toEqual(['shared/other.js', 'shared/util.js']);
    expect(after.loaded).toMatchObject({ files: 3 });
    expect([...after.loaded!.changed].sort()).toEqual(['shared/other.js', 'shared/util.js']);
  });

  it('a command that is not Node falls back to the watch globs and says so', async () => {
    const p = await project('loaded-fallback');
    await p.write('svc/app.conf', 'x\n');
    await p.write('stack.yaml', stackYaml({ svc: { command: ['sh', '-c', 'exec sleep 600'], cwd: 'svc', staleness: 'loaded' } }));
    await runExpecting(p.dir, ['up'], 0);
    const svc = serviceIn(await statusJson(p.dir), 'svc');
    expect(svc.loaded).toBeNull();
    expect(svc.notes.join('\n')).toMatch(/staleness: loaded needs a Node or Python command .*`sh -c exec sleep 600` is judged by its watch globs/);
    await p.write('svc/app.conf', 'edited\n');
    await waitFor(async () => serviceIn(await statusJson(p.dir), 'svc').stale, { timeoutMs: 15_000, message: 'svc stale by the fallback globs' });
  });
});
