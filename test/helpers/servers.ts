/**
 * Real servers for the e2e tests (nginx, redis-server), installed by .ci/run with apt.
 * Each test gets its own config in its project directory, on a free port. Where a server
 * is not installed the test is skipped with that reason (a run lists it as skipped), so
 * `npm test` on a machine without them still passes and says what it did not try.
 */
import { execFileSync } from 'node:child_process';

function installed(command: string): string | null {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/bin', '/usr/local/sbin', '/opt/homebrew/bin']) {
    try {
      execFileSync('test', ['-x', `${dir}/${command}`]);
      return `${dir}/${command}`;
    } catch {
      // not there
    }
  }
  return null;
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
