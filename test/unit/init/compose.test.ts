// The compose translator on the sample files (long and short syntax), with docker running,
// installed without a daemon, and absent.
import { describe, expect, it } from 'vitest';
import { translateCompose, type DockerState } from '../../../src/init/compose.js';
import type { Draft, DraftService } from '../../../src/init/draft.js';
import { fixtureYaml } from './helpers.js';

function translate(dir: string, file: string, docker: DockerState = { state: 'running' }, existing: string[] = []): Draft {
  return translateCompose({
    data: fixtureYaml(dir, file),
    file,
    project: 'shop',
    docker,
    exists: (rel) => existing.includes(rel),
    read: (rel) => (rel === 'api/Dockerfile' ? 'FROM node:20\nCMD ["node", "wrong.js"]\nFROM node:20\nCMD ["node", \\\n  "server.js"]\n' : undefined),
  });
}

function service(draft: Draft, name: string): DraftService {
  const found = draft.services.find((s) => s.name === name);
  if (!found) throw new Error(`no ${name} in ${draft.services.map((s) => s.name).join(', ')}`);
  return found;
}

function notesOf(draft: Draft, name?: string): string[] {
  return draft.notes.filter((n) => n.service === name).map((n) => n.text);
}

describe('translateCompose: long syntax (docker-compose.yml)', () => {
  const draft = translate('compose-long', 'docker-compose.yml');

  it('a built service runs its Dockerfile CMD in its build context, with host ports, env, conditions, restart and stop settings', () => {
    expect(service(draft, 'api').fields).toEqual({
      command: ['node', 'server.js'],
      cwd: 'api',
      port: 8080,
      env: { NODE_ENV: 'development', DATABASE_URL: 'postgres://app:secret@127.0.0.1:5433/app', REDIS_URL: 'redis://127.0.0.1:6380' },
      health: { http: 'http://localhost:${PORT}/health', interval: '5s', timeout: '2s', retries: 5, start_period: '90s' },
      depends_on: { db: 'healthy', migrate: 'completed', cache: 'started' },
      restart: 'always',
      stop_signal: 'SIGINT',
      stop_timeout: '1m',
    });
    expect(notesOf(draft, 'api')).toEqual(
      expect.arrayContaining([
        'env DATABASE_URL: db:5432 → 127.0.0.1:5433',
        'env REDIS_URL: cache:6379 → 127.0.0.1:6380',
        "environment sets PORT=3000; stack sets PORT to the service's port (8080), so it was left out",
        'env_file ./api/.env does not exist; left out',
        'not carried over: networks',
      ]),
    );
  });

  it('a one-shot built service keeps its command and restart: no', () => {
    expect(service(draft, 'migrate').fields).toEqual({ command: ['node', 'migrate.js'], cwd: 'api', depends_on: { db: 'healthy' }, restart: 'no' });
  });

  it('a postgres image runs with docker run and is checked with pg_isready inside the container', () => {
    const db = service(draft, 'db');
    expect(db.fields.command).toBe(
      'docker rm -f shop-db >/dev/null 2>&1; exec docker run --rm --name shop-db -p 5433:5432 -e POSTGRES_USER -e POSTGRES_PASSWORD -e POSTGRES_DB ' +
        '-v shop_pgdata:/var/lib/postgresql/data -v "$(pwd)"/db/init.sql:/docker-entrypoint-initdb.d/init.sql:ro postgres:16',
    );
    expect(db.fields.env).toEqual({ POSTGRES_USER: 'app', POSTGRES_PASSWORD: 'secret' });
    expect(db.fields.health).toEqual({ exec: 'docker exec shop-db pg_isready -h 127.0.0.1 -U app', start_period: '2m' });
    expect(db.fields.port).toBeUndefined();
  });

  it("an image's own healthcheck runs inside its container", () => {
    expect(service(draft, 'cache').fields.health).toEqual({ exec: 'docker exec shop-cache redis-cli ping', interval: '1s', start_period: '2m' });
  });

  it('docker installed without a daemon: the services are written, and a note says to start it', () => {
    const noDaemon = translate('compose-long', 'docker-compose.yml', { state: 'no-daemon', detail: 'docker info said: Cannot connect' });
    expect(noDaemon.services.map((s) => s.name)).toEqual(['api', 'migrate', 'db', 'cache']);
    expect(notesOf(noDaemon)).toEqual(['docker is installed but cannot run containers (docker info said: Cannot connect): start its daemon before stack up']);
  });

  it('docker absent: image services are kept under x-, and dependencies on them are left out with a note', () => {
    const absent = translate('compose-long', 'docker-compose.yml', { state: 'absent' });
    expect(absent.services.map((s) => [s.name, s.disabled ?? false])).toEqual([['api', false], ['migrate', false], ['x-db', true], ['x-cache', true]]);
    expect(service(absent, 'api').fields.depends_on).toEqual({ migrate: 'completed' });
    expect(service(absent, 'migrate').fields.depends_on).toBeUndefined();
    expect(notesOf(absent, 'db')).toContain('needs docker to run postgres:16, and docker is not installed: kept as x-db; install docker and rename it to db');
    expect(notesOf(absent, 'api')).toContain('depends on db (healthy), which needs docker: left out until x-db is renamed to db');
  });
});

describe('translateCompose: short syntax (compose.yaml)', () => {
  const draft = translate('compose-short', 'compose.yaml', { state: 'running' }, ['.env.web']);

  it('string command, list env with a name only, env_file, a short depends_on (started)', () => {
    expect(service(draft, 'web').fields).toEqual({
      command: 'npm run dev -- --host 0.0.0.0',
      port: 5173,
      env: { API_URL: 'http://127.0.0.1:4000' },
      env_file: '.env.web',
      depends_on: { api: 'started' },
    });
    expect(notesOf(draft, 'web')).toEqual(
      expect.arrayContaining([
        'DEBUG: listed without a value, so taken from the environment stack runs in',
        'depends_on [api] in compose waits only until it has started; write { api: healthy } to wait until it is ready',
        'publishes 2 ports; stack watches one (5173), the others are not carried over',
      ]),
    );
  });

  it('entrypoint + command as one argv, an ip:host:container port, nc -z as a tcp check', () => {
    expect(service(draft, 'api').fields).toEqual({ command: ['node', 'api/server.js', '--verbose'], port: 4000, health: { tcp: 4000, interval: '3s' } });
  });

  it('an image with published ports and no healthcheck: tcp on the host port, with a note that docker answers early', () => {
    const mail = service(draft, 'mail');
    expect(mail.fields.command).toBe('docker rm -f shop-mail >/dev/null 2>&1; exec docker run --rm --name shop-mail -p 8025:8025 -p 1025 mailhog/mailhog:v1.0.1');
    expect(mail.fields.health).toEqual({ tcp: 8025, start_period: '2m' });
    expect(notesOf(draft, 'mail')[0]).toMatch(/docker's proxy answers early/);
  });
});
