// Stale by content (issue 15, DESIGN §8): a service is stale only while a watched file's
// content differs from what it was when its process started. In a real git repository:
// touch, writing the original bytes back, git stash and pop, a checkout there and back,
// an editor saving the same bytes. Each step ends with a positive signal (a sentinel edit
// that must show up alone, or the mark going away), never a fixed wait: changes are
// judged in the order they happen, so once the sentinel shows, the step before it was judged.
import { existsSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { stackYaml } from '../helpers/fixtures.js';
import { git } from '../helpers/git.js';
import type { Project } from '../helpers/project.js';
import { killDaemon } from '../faults/support-faults.js';
import { isPidAlive, waitFor } from '../helpers/procs.js';
import { printed, runExpecting, serviceIn, statusJson, serviceWhen, useProjects, type ServiceJson } from './support.js';

const project = useProjects();

const server = (version: string): string => `
const VERSION = '${version}';
require('node:http').createServer((req, res) => res.end(VERSION)).listen(process.env.PORT);
process.on('SIGTERM', () => process.exit(0));
`;
const SENTINEL = 'module.exports = "sentinel";\n';

/** api's status once `check` holds for it. */
const apiWhen = (dir: string, what: string, check: (s: ServiceJson) => boolean): Promise<ServiceJson> => serviceWhen(dir, 'api', what, check);

/** The start content is taken just after `up` returns (once the watcher is up): staleBy says it is. */
const baselineTaken = (dir: string) => apiWhen(dir, 'the start content taken', (s) => s.staleBy !== null);

const staleWith = (dir: string, files: string[]) =>
  apiWhen(dir, `api stale with exactly ${files.join(', ')}`, (s) => s.stale && JSON.stringify(s.staleFiles.map((f) => f.path).sort()) === JSON.stringify([...files].sort()));
const fresh = (dir: string, why: string) => apiWhen(dir, `api fresh (${why})`, (s) => !s.stale && s.staleFiles.length === 0);

/** Proves every change before it was judged and none of them counted: the sentinel alone is stale, then fresh again. */
async function sentinelAlone(p: Project): Promise<void> {
  await p.write('api/sentinel.js', 'module.exports = "edited";\n');
  await staleWith(p.dir, ['api/sentinel.js']);
  await p.write('api/sentinel.js', SENTINEL);
  await fresh(p.dir, 'the sentinel written back');
}

function touch(file: string): void {
  const later = new Date(Date.now() + 2000);
  utimesSync(file, later, later);
}

async function gitProject(name: string): Promise<{ p: Project; port: number }> {
  const [port] = await freePorts(1);
  const p = await project(name);
  await p.write('.gitignore', '.stack/\n');
  await p.write('api/server.js', server('v1'));
  await p.write('api/sentinel.js', SENTINEL);
  await p.write('stack.yaml', stackYaml({ api: { command: ['node', 'server.js'], cwd: 'api', port: port! } }));
  git(p.dir, ['init', '-q', '-b', 'main']);
  git(p.dir, ['add', '-A']);
  git(p.dir, ['commit', '-q', '-m', 'v1']);
  // A branch where server.js differs and a file exists that main does not have.
  git(p.dir, ['checkout', '-q', '-b', 'other']);
  await p.write('api/server.js', server('other'));
  await p.write('api/only-on-other.js', '// other\n');
  git(p.dir, ['add', '-A']);
  git(p.dir, ['commit', '-q', '-m', 'other']);
  git(p.dir, ['checkout', '-q', 'main']);
  return { p, port: port! };
}

describe('stale by content, in a git repository', () => {
  it('touch, writing the bytes back, stash and pop, checkout there and back, an editor saving the same bytes', async () => {
    const { p } = await gitProject('content-git');
    await runExpecting(p.dir, ['up'], 0);
    expect(await baselineTaken(p.dir)).toMatchObject({ stale: false, staleBy: 'content', notes: [] });

    // touch → fresh (the sentinel shows alone).
    touch(p.path('api/server.js'));
    await sentinelAlone(p);

    // An edit → stale, naming the file; the original bytes written back → fresh.
    await p.write('api/server.js', server('v2'));
    await staleWith(p.dir, ['api/server.js']);
    await p.write('api/server.js', server('v1'));
    await fresh(p.dir, 'server.js written back');

    // git stash → fresh; git stash pop → stale again.
    await p.write('api/server.js', server('v2'));
    await staleWith(p.dir, ['api/server.js']);
    git(p.dir, ['stash', '-q']);
    await fresh(p.dir, 'git stash');
    git(p.dir, ['stash', 'pop', '-q']);
    await staleWith(p.dir, ['api/server.js']);
    git(p.dir, ['stash', '-q']);
    await fresh(p.dir, 'git stash again');

    // git checkout other → stale (a changed file, a new one); git checkout - → fresh.
    git(p.dir, ['checkout', '-q', 'other']);
    await staleWith(p.dir, ['api/only-on-other.js', 'api/server.js']);
    git(p.dir, ['checkout', '-q', '-']);
    await fresh(p.dir, 'git checkout -');

    // An editor saving unchanged bytes: a new file renamed over the old one.
    writeFileSync(p.path('api/.server.js.swp'), server('v1'));
    renameSync(p.path('api/.server.js.swp'), p.path('api/server.js'));
    await sentinelAlone(p);

    const api = serviceIn(await statusJson(p.dir), 'api');
    expect(api).toMatchObject({ stale: false, staleBy: 'content' });
  });

  it('a file already edited when the process started counts from that content; doctor --staged agrees with status', async () => {
    const { p } = await gitProject('content-dirty');
    await p.write('api/server.js', server('v2-uncommitted'));
    await runExpecting(p.dir, ['up'], 0);
    expect(await baselineTaken(p.dir)).toMatchObject({ stale: false, staleBy: 'content' });

    // Staged and touched, but what runs is what is on disk: doctor --staged passes.
    git(p.dir, ['add', 'api/server.js']);
    touch(p.path('api/server.js'));
    await sentinelAlone(p);
    const passing = await runExpecting(p.dir, ['doctor', '--staged', '--json'], 0);
    expect(JSON.parse(passing.stdout).findings, printed(passing)).toEqual([]);

    // Back to the committed content: that is not what the process loaded.
    await p.write('api/server.js', server('v1'));
    await staleWith(p.dir, ['api/server.js']);
    git(p.dir, ['add', 'api/server.js']);
    await p.write('api/server.js', server('v3'));
    git(p.dir, ['add', 'api/server.js']);
    await staleWith(p.dir, ['api/server.js']);
    const failing = await runExpecting(p.dir, ['doctor', '--staged', '--json'], 1);
    const findings = JSON.parse(failing.stdout).findings as { check: string; message: string }[];
    expect(findings.map((f) => f.check), printed(failing)).toEqual(['stale-code']);
    expect(findings[0]!.message).toContain('api/server.js');

    // Written back to what it started with: fresh for both.
    await p.write('api/server.js', server('v2-uncommitted'));
    git(p.dir, ['add', 'api/server.js']);
    await fresh(p.dir, 'the started content written back');
    await runExpecting(p.dir, ['doctor', '--staged'], 0);
  });
});

describe('stale by content across a daemon', () => {
  it('a new daemon that re-adopts the process goes on judging it by content', async () => {
    const { p } = await gitProject('content-adopt');
    await runExpecting(p.dir, ['up'], 0);
    const before = await baselineTaken(p.dir);
    await p.write('api/server.js', server('v2'));
    await staleWith(p.dir, ['api/server.js']);

    await killDaemon(p.dir, (await statusJson(p.dir)).daemon.pid!);
    // The next command starts a new daemon, which re-adopts the same process; the edit made
    // under the old one is still an edit, judged by content.
    const adopted = await staleWith(p.dir, ['api/server.js']);
    expect(adopted).toMatchObject({ pid: before.pid, staleBy: 'content' });
    await p.write('api/server.js', server('v1'));
    await fresh(p.dir, 'the original bytes written back under the new daemon');
    touch(p.path('api/server.js'));
    await sentinelAlone(p);
  });
});

/** What an upgrade does to the daemon (client/daemon-client.ts): it exits, its services keep running. */
function exitDaemon(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    request({ socketPath: `${dir}/.stack/daemon.sock`, method: 'POST', path: '/exit' }, (res) => res.resume().on('end', resolve)).on('error', reject).end();
  });
}

describe('the git index kept at the start', () => {
  it('is replaced by a restart, survives a daemon that exits with the service running, and goes with stack down', async () => {
    const { p } = await gitProject('content-index-kept');
    const kept = p.path('.stack/run/api/index-at-start');
    const sameAsIndex = () => statSync(kept, { throwIfNoEntry: false })?.ino === statSync(p.path('.git/index')).ino;
    await runExpecting(p.dir, ['up'], 0);
    const first = await baselineTaken(p.dir);
    expect(sameAsIndex(), 'a hard link of git index').toBe(true);

    // git writes a new index (a new file renamed over it): the restart keeps that one.
    await p.write('api/new.js', '// new\n');
    git(p.dir, ['add', 'api/new.js']);
    expect(sameAsIndex(), 'the old index kept while the old process runs').toBe(false);
    await runExpecting(p.dir, ['restart', 'api'], 0);
    const second = await apiWhen(p.dir, 'the restarted process with its start content taken', (s) => s.pid !== first.pid && s.staleBy !== null);
    expect(sameAsIndex(), 'the restart kept the new index').toBe(true);

    const { pid: daemon } = (await statusJson(p.dir)).daemon;
    await exitDaemon(p.dir);
    await waitFor(() => !isPidAlive(daemon!), { timeoutMs: 10_000, message: 'the daemon to exit' });
    expect(existsSync(kept), 'kept for the daemon that re-adopts the process').toBe(true);
    const adopted = await apiWhen(p.dir, 'the process re-adopted', (s) => s.staleBy !== null);
    expect(adopted).toMatchObject({ pid: second.pid, staleBy: 'content' });

    await runExpecting(p.dir, ['down'], 0);
    expect(existsSync(kept), 'the index kept at the start, after stack down').toBe(false);
    expect(existsSync(p.path('.stack/run/api/start-contents.json')), 'the start content kept, after stack down').toBe(false);
  });
});

describe('stale by content, outside git', () => {
  it('hashes the sources at start: touch and writing the bytes back are fresh, an edit is stale', async () => {
    const [port] = await freePorts(1);
    const p = await project('content-nogit');
    await p.write('api/server.js', server('v1'));
    await p.write('api/sentinel.js', SENTINEL);
    await p.write('stack.yaml', stackYaml({ api: { command: ['node', 'server.js'], cwd: 'api', port: port! } }));
    await runExpecting(p.dir, ['up'], 0);
    expect(await baselineTaken(p.dir)).toMatchObject({ staleBy: 'content' });
    touch(p.path('api/server.js'));
    await sentinelAlone(p);
    await p.write('api/server.js', server('v2'));
    await staleWith(p.dir, ['api/server.js']);
    await p.write('api/server.js', server('v1'));
    await fresh(p.dir, 'server.js written back');
    // A file created after the start, then deleted: as at the start.
    await p.write('api/new.js', '// new\n');
    await staleWith(p.dir, ['api/new.js']);
    await import('node:fs/promises').then((fs) => fs.rm(p.path('api/new.js')));
    await fresh(p.dir, 'the new file deleted');
  });

  it('past the hashing budget falls back to mtime and says so', async () => {
    const [port] = await freePorts(1);
    const p = await project('content-budget');
    await p.write('api/server.js', server('v1'));
    for (let i = 0; i <= 5000; i++) writeFileSync(p.path(`api/${i % 2 ? 'a' : 'b'}${i}.txt`), `${i}`);
    await p.write('stack.yaml', stackYaml({ api: { command: ['node', 'server.js'], cwd: 'api', port: port! } }));
    await runExpecting(p.dir, ['up'], 0);
    const api = await baselineTaken(p.dir);
    expect(api.staleBy).toBe('mtime');
    expect(api.notes.join('\n')).toMatch(/stale by mtime: not in a git repository, and more than 5,000 source files/);
    // By mtime, a touch counts.
    touch(p.path('api/server.js'));
    await staleWith(p.dir, ['api/server.js']);
  });
});
