// A real PostgreSQL (installed by .ci/run), initialised by the test in the service's cwd on
// a free port. What makes it a hard case for a supervisor:
// - a postmaster whose children (checkpointer, walwriter, …) each run in a session of
//   their own, so a stop signalled to the postmaster's group reaches only the postmaster,
//   which shuts its children down before it exits; killed with SIGKILL, it leaves them to
//   notice and exit by themselves;
// - a data directory under cwd that it writes at every checkpoint, holding the server's own
//   config files (postgresql.conf, pg_hba.conf, postgresql.auto.conf from ALTER SYSTEM);
// - its socket and the socket's lock file written into cwd at each start (`-k`);
// - it refuses to run as root: as root (CI) it runs as the `postgres` user through setpriv,
//   which execs, so nothing stands between stack and the postmaster.
import { execFileSync } from 'node:child_process';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { stackYaml } from '../helpers/fixtures.js';
import { describeProcs, isPidAlive, processesUnder, waitFor } from '../helpers/procs.js';
import { NEEDS_POSTGRES, POSTGRES, type Postgres } from '../helpers/servers.js';
import { listenersOf, printed, runExpecting, serviceWhen, statusJson, serviceIn, useProjects } from './support.js';

const project = useProjects();

/** Runs a PostgreSQL program as the user the server runs as. */
function asServerUser(pg: Postgres, program: 'initdb', args: string[]): void {
  const [command, ...rest] = [...pg.asServerUser, pg.bin(program), ...args];
  execFileSync(command!, rest, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A project on a free port with db/schema.sql, whose db/ the server's user owns (for its socket) and can walk into. */
async function pgProject(pg: Postgres, name: string) {
  const [port] = await freePorts(1);
  const p = await project(name);
  await chmod(p.dir, 0o755);
  await p.write('db/schema.sql', 'create table t (x int);\n');
  if (pg.owner !== null) execFileSync('chown', [pg.owner, p.path('db')]);
  return { p, port: port! };
}

describe('a real PostgreSQL under stack', () => {
  it('up waits for pg_isready; checkpoints and its socket never mark it stale, its config files do; restart, kill -9 of the postmaster and down leave no postgres behind', async ({ skip }) => {
    skip(!POSTGRES, NEEDS_POSTGRES);
    const pg = POSTGRES!;
    const { p, port } = await pgProject(pg, 'postgres');
    asServerUser(pg, 'initdb', ['-D', p.path('db/pgdata'), '-U', 'postgres', '--auth=trust', '-N', '-E', 'UTF8', '--locale=C']);
    await p.write(
      'stack.yaml',
      stackYaml({
        db: {
          cwd: 'db',
          command: [...pg.asServerUser, pg.bin('postgres'), '-D', 'pgdata', '-p', String(port), '-k', p.path('db'), '-c', 'listen_addresses=127.0.0.1'],
          port,
          // SIGTERM is Postgres's smart shutdown, which waits for every client to leave.
          stop_signal: 'SIGINT',
          health: { exec: `${pg.bin('pg_isready')} -q -h 127.0.0.1 -p ${port}` },
        },
      }),
    );
    const sql = (query: string) =>
      execFileSync(pg.bin('psql'), ['-X', '-q', '-A', '-t', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-c', query], { encoding: 'utf8' }).trim();
    const childrenOf = (pid: number) => processesUnder(p.dir).filter((proc) => proc.ppid === pid);
    const postmasterWithChildren = async (pid: number) =>
      waitFor(() => (childrenOf(pid).length >= 4 ? childrenOf(pid).map((c) => c.pid) : null), {
        timeoutMs: 15_000,
        message: `postmaster ${pid} running its checkpointer, background writer, walwriter and autovacuum launcher`,
      });

    const up = await runExpecting(p.dir, ['up'], 0);
    expect(up.stdout, printed(up)).toMatch(/db\s+healthy/);
    const first = serviceIn(await statusJson(p.dir), 'db');
    expect(first, JSON.stringify(first)).toMatchObject({ state: 'running', health: 'healthy', managedBy: 'stack', stale: false });
    expect(listenersOf(port)).toEqual([first.pid]);
    expect(sql('select 1')).toBe('1');

    // Rows written and checkpointed: files under pgdata change; then a real source does.
    sql('create table t (x int); insert into t select generate_series(1, 50000); checkpoint;');
    await p.write('db/schema.sql', 'create table t (x bigint);\n');
    const stale = await serviceWhen(p.dir, 'db', 'db stale after an edit of schema.sql', (s) => s.stale);
    expect(stale.staleFiles.map((f) => f.path)).toEqual(['db/schema.sql']);

    // A restart is a fast shutdown of the whole tree, and the data is still there.
    const oldChildren = await postmasterWithChildren(first.pid!);
    await runExpecting(p.dir, ['restart', 'db'], 0);
    const second = await serviceWhen(p.dir, 'db', 'db restarted, healthy and fresh', (s) => s.state === 'running' && s.health === 'healthy' && s.pid !== first.pid && !s.stale);
    expect(isPidAlive(first.pid!)).toBe(false);
    expect(oldChildren.filter(isPidAlive), describeProcs(processesUnder(p.dir))).toEqual([]);
    expect(sql('select count(*) from t')).toBe('50000');

    // The server's config in its data directory is a source; its original bytes back, fresh again.
    const conf = p.path('db/pgdata/postgresql.conf');
    const original = await readFile(conf);
    await writeFile(conf, Buffer.concat([original, Buffer.from('work_mem = 8MB\n')]));
    const confStale = await serviceWhen(p.dir, 'db', 'db stale after an edit of postgresql.conf', (s) => s.stale);
    expect(confStale.staleFiles.map((f) => f.path)).toEqual(['db/pgdata/postgresql.conf']);
    await writeFile(conf, original);
    await serviceWhen(p.dir, 'db', 'db fresh with postgresql.conf as it started', (s) => !s.stale);

    // SIGKILL to the postmaster: its children exit by themselves, stack starts it again
    // (Postgres recovers from its WAL), and says why it went.
    const orphans = await postmasterWithChildren(second.pid!);
    process.kill(second.pid!, 'SIGKILL');
    const third = await serviceWhen(
      p.dir,
      'db',
      'db started again after kill -9',
      (s) => s.state === 'running' && s.health === 'healthy' && s.pid !== second.pid && s.pid !== null,
      30_000,
    );
    expect(third.lastExit, JSON.stringify(third)).toMatchObject({ signal: 'SIGKILL' });
    await waitFor(() => orphans.every((pid) => !isPidAlive(pid)), { timeoutMs: 15_000, message: 'the killed postmaster\'s children exited' });
    expect(sql('select count(*) from t')).toBe('50000');

    const lastChildren = await postmasterWithChildren(third.pid!);
    await runExpecting(p.dir, ['down'], 0);
    expect([third.pid!, ...lastChildren].filter(isPidAlive), describeProcs(processesUnder(p.dir))).toEqual([]);
    expect(listenersOf(port)).toEqual([]);
  });

  it('a command that runs initdb itself: the data directory it makes while watched is never entered; only the config initdb wrote after the start counts, until a restart', async ({ skip }) => {
    skip(!POSTGRES, NEEDS_POSTGRES);
    const pg = POSTGRES!;
    const { p, port } = await pgProject(pg, 'postgres-initdb');
    const as = pg.asServerUser.join(' ');
    await p.write(
      'stack.yaml',
      stackYaml({
        db: {
          cwd: 'db',
          command: `test -d pgdata || ${as} ${pg.bin('initdb')} -D pgdata -U postgres --auth=trust -N >/dev/null; exec ${as} ${pg.bin('postgres')} -D pgdata -p ${port} -k ${p.path('db')} -c listen_addresses=127.0.0.1`,
          port,
          stop_signal: 'SIGINT',
          health: { exec: `${pg.bin('pg_isready')} -q -h 127.0.0.1 -p ${port}` },
        },
      }),
    );
    await runExpecting(p.dir, ['up', '--timeout', '60s'], 0);
    // initdb wrote its config after the process (sh) started: that much stack cannot tell
    // from an edit (README: run initdb as a job the server depends on). Nothing else of
    // the data directory it made counts.
    const CONFIG = ['db/pgdata/pg_hba.conf', 'db/pgdata/pg_ident.conf', 'db/pgdata/postgresql.auto.conf', 'db/pgdata/postgresql.conf'];
    const first = serviceIn(await statusJson(p.dir), 'db');
    expect(first.staleFiles.map((f) => f.path).filter((f) => !CONFIG.includes(f)), JSON.stringify(first)).toEqual([]);

    await runExpecting(p.dir, ['restart', 'db'], 0);
    await serviceWhen(p.dir, 'db', 'db fresh after a restart', (s) => s.state === 'running' && s.health === 'healthy' && s.pid !== first.pid && !s.stale);
    execFileSync(pg.bin('psql'), ['-X', '-q', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-c', 'create table t (x int); insert into t select generate_series(1, 50000); checkpoint;']);
    await p.write('db/schema.sql', 'create table t (x bigint);\n');
    const stale = await serviceWhen(p.dir, 'db', 'db stale after an edit of schema.sql', (s) => s.stale);
    expect(stale.staleFiles.map((f) => f.path)).toEqual(['db/schema.sql']);
    await runExpecting(p.dir, ['down'], 0);
    expect(processesUnder(p.dir).filter((proc) => proc.argv.some((a) => a.includes('postgres'))), describeProcs(processesUnder(p.dir))).toEqual([]);
  });
});
