// Doctor without a daemon, a process started by hand on a service's port: which of its
// sources changed after it started is found by git's stat pass in a git work tree, by a
// walk elsewhere (DESIGN §8, "Scanning a foreign process's sources"). Both must name the
// same files: every source modified after the process started.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, utimesSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { stackYaml } from '../helpers/fixtures.js';
import { git, gitEnv } from '../helpers/git.js';
import type { Project } from '../helpers/project.js';
import { waitFor } from '../helpers/procs.js';
import { httpGet, printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();
const byHand: ChildProcess[] = [];
afterEach(() => {
  for (const child of byHand.splice(0)) child.kill('SIGKILL');
});

const SERVER = "require('node:http').createServer((q, s) => s.end('up')).listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n";
const FILES = { 'server.js': SERVER, 'src/routes.js': 'export const routes = 1;\n', 'src/db.js': 'export const db = 1;\n', 'src/util.js': 'export const util = 1;\n' };

interface Finding {
  check: string;
  service: string | null;
  message: string;
}

/**
 * A project whose api is served by a process started by hand; `layout` makes it a git
 * work tree or not before the process starts. Resolves once the clock is past the
 * process's start time plus the OS's start-time resolution, so what is written next is newer.
 */
async function foreignApi(name: string, layout: (p: Project) => Promise<void> | void): Promise<Project> {
  const [port] = await freePorts(1);
  const p = await project(name);
  await p.write('stack.yaml', stackYaml({ api: { command: ['node', 'server.js'], port: port! } }));
  for (const [file, content] of Object.entries(FILES)) await p.write(file, content);
  await layout(p);
  const child = spawn(process.execPath, ['server.js'], { cwd: p.dir, env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
  byHand.push(child);
  await waitFor(() => httpGet(port!).then((r) => r.body === 'up'), { timeoutMs: 10_000, message: 'hand-started server' });
  const startedAt = Date.parse(serviceIn(await statusJson(p.dir), 'api').startedAt!);
  await waitFor(() => Date.now() > startedAt + 20, { timeoutMs: 5000, message: 'the clock to pass the start time' });
  return p;
}

/**
 * Commits the project as it is, its files dated an hour back: the index then records
 * mtimes well before the process starts (not in its second, which would make every entry
 * worth a stat).
 */
function committed(p: Project): void {
  const hourAgo = Date.now() / 1000 - 3600;
  for (const file of [...Object.keys(FILES), 'stack.yaml']) utimesSync(p.path(file), hourAgo, hourAgo);
  git(p.dir, ['init', '-q']);
  git(p.dir, ['add', '-A']);
  git(p.dir, ['commit', '-q', '-m', 'one']);
}

/** The stale-code finding's message for api, or null when doctor reports none. */
async function staleMessage(p: Project, args: string[] = [], env: Record<string, string> = {}): Promise<string | null> {
  const result = await runExpecting(p.dir, ['doctor', '--json', ...args], 1, { env });
  const findings = (JSON.parse(result.stdout) as { findings: Finding[] }).findings;
  expect(findings.some((f) => f.check === 'port-conflict'), printed(result)).toBe(true);
  return findings.find((f) => f.check === 'stale-code' && f.service === 'api')?.message ?? null;
}

describe('doctor without a daemon, a foreign process on the port', () => {
  it('names an edited file, a file committed after the start and a new untracked one; nothing changed before', async () => {
    const p = await foreignApi('scan-git', committed);
    expect(await staleMessage(p)).toBeNull();

    await p.write('src/routes.js', 'export const routes = 2;\n');
    expect(await staleMessage(p)).toMatch(/^api runs stale code \(pid \d+, not started by stack\): src\/routes\.js was modified/);

    // Committed: git sees it clean, the index records when it was modified.
    git(p.dir, ['commit', '-q', '-am', 'routes']);
    await p.write('src/new.js', 'export const fresh = 1;\n');
    const message = await staleMessage(p);
    expect(message).toMatch(/src\/routes\.js/);
    expect(message).toMatch(/src\/new\.js/);
    expect(message).not.toMatch(/src\/db\.js|src\/util\.js|server\.js/);
  });

  it('counts a touched file by its mtime: what the process loaded from it is not known', async () => {
    const p = await foreignApi('scan-touch', committed);
    const now = Date.now() / 1000;
    utimesSync(p.path('src/db.js'), now, now);
    expect(await staleMessage(p)).toMatch(/src\/db\.js was modified/);
  });

  it('names a file edited before the start and put back by hand after it (git sees it clean)', async () => {
    // The process loads an edit that was never committed…
    const p = await foreignApi('scan-revert', async (q) => {
      committed(q);
      await q.write('src/util.js', 'export const util = "trying something";\n');
    });
    // …then the file is put back as committed: not what the process runs. git calls it
    // clean (asked without writing the index, as a status in an editor would not have).
    await p.write('src/util.js', FILES['src/util.js']);
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: p.dir, env: { ...process.env, ...gitEnv(p.dir), GIT_OPTIONAL_LOCKS: '0' }, encoding: 'utf8' });
    expect(status).toBe('');
    expect(await staleMessage(p)).toMatch(/src\/util\.js was modified/);
    // And still once git has written down the file's new mtime.
    git(p.dir, ['status']);
    expect(await staleMessage(p)).toMatch(/src\/util\.js was modified/);
  });

  it('doctor --staged names a staged change of a foreign process (the pre-commit hook)', async () => {
    const p = await foreignApi('scan-staged', committed);
    await p.write('src/routes.js', 'export const routes = 3;\n');
    git(p.dir, ['add', 'src/routes.js']);
    const result = await runExpecting(p.dir, ['doctor', '--staged', '--json'], 1);
    const stale = (JSON.parse(result.stdout) as { findings: Finding[] }).findings.find((f) => f.check === 'stale-code');
    expect(stale?.message, printed(result)).toMatch(/src\/routes\.js was modified/);
  });

  it.each([
    ['outside any git repository', () => undefined, {}],
    ['with another git repository inside the service', (p: Project) => (committed(p), mkdirSync(p.path('vendor/lib'), { recursive: true }), git(p.path('vendor/lib'), ['init', '-q'])), {}],
    ['with no git on PATH', committed, { PATH: '/nonexistent' }],
  ])('finds the same files %s (walking the tree)', async (_what, layout: (p: Project) => unknown, env: Record<string, string>) => {
    const p = await foreignApi('scan-walk', (q) => void layout(q));
    await p.write('src/routes.js', 'export const routes = 2;\n');
    await p.write('vendor/lib/x.js', 'x\n');
    const message = await staleMessage(p, [], env);
    expect(message).toMatch(/src\/routes\.js/);
    expect(message).toMatch(/vendor\/lib\/x\.js/);
    expect(message).not.toMatch(/src\/db\.js/);
  });
});
