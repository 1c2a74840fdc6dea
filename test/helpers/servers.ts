/**
 * Real servers for the e2e tests (nginx, redis-server, PostgreSQL), installed by .ci/run with apt.
 * Each test gets its own config in its project directory, on a free port. Where a server
 * is not installed the test is skipped with that reason (a run lists it as skipped), so
 * `npm test` on a machine without them still passes and says what it did not try.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';

function installed(command: string): string | null {
  return ['/usr/sbin', '/usr/bin', '/usr/local/bin', '/usr/local/sbin', '/opt/homebrew/bin'].map((dir) => `${dir}/${command}`).find(installedAt) ?? null;
}

function installedAt(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const NGINX = installed('nginx');
export const REDIS_SERVER = installed('redis-server');
export const REDIS_CLI = installed('redis-cli');

export const NEEDS_NGINX = 'needs nginx (apt-get install nginx-light; .ci/run installs it)';
export const NEEDS_REDIS = 'needs redis-server and redis-cli (apt-get install redis-server; .ci/run installs it)';

/** An nginx.conf for `dir` (pid file, logs and temp paths inside it): a master and `workers` workers on 127.0.0.1:`port`. */
export function nginxConf(dir: string, port: number, { workers = 2, daemon = false } = {}): string {
  return [
    `daemon ${daemon ? 'on' : 'off'};`,
    'master_process on;',
    `worker_processes ${workers};`,
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/nginx-error.log;`,
    'events { worker_connections 64; }',
    'http {',
    '  access_log off;',
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/nginx-${t};`),
    `  server { listen 127.0.0.1:${port}; location / { return 200 "ok\\n"; } }`,
    '}',
    '',
  ].join('\n');
}

/**
 * PostgreSQL's server programs (Debian keeps them in /usr/lib/postgresql/<major>/bin, off
 * PATH), and how to run them: postgres and initdb refuse to run as root, so as root they
 * run as the `postgres` user the package creates, through setpriv, which execs (no
 * process of its own stays between stack and the server). Null where either is missing.
 */
export interface Postgres {
  readonly bin: (program: 'postgres' | 'initdb' | 'psql' | 'pg_isready') => string;
  /** The words before a server program: [] as a user, setpriv's as root. */
  readonly asServerUser: readonly string[];
  /** Who owns what the server writes: null as a user (that user), the postgres user's name as root. */
  readonly owner: string | null;
}

function findPostgres(): Postgres | null {
  let majors: string[];
  try {
    majors = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  } catch {
    return null;
  }
  const dir = majors.map((m) => `/usr/lib/postgresql/${m}/bin`).find((d) => ['postgres', 'initdb', 'psql', 'pg_isready'].every((p) => installedAt(`${d}/${p}`)));
  if (dir === undefined) return null;
  const bin = (program: string) => `${dir}/${program}`;
  if (process.getuid?.() !== 0) return { bin, asServerUser: [], owner: null };
  const setpriv = installed('setpriv');
  if (setpriv === null || !userExists('postgres')) return null;
  return { bin, asServerUser: [setpriv, '--reuid=postgres', '--regid=postgres', '--init-groups'], owner: 'postgres' };
}

function userExists(name: string): boolean {
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const POSTGRES = findPostgres();
export const NEEDS_POSTGRES = 'needs PostgreSQL\'s server (apt-get install postgresql; .ci/run installs it), and as root setpriv and the postgres user';
