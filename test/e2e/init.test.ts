// `stack init` as a new user runs it: in a directory with a Procfile (then `stack up` starts
// what it wrote), with a compose file of an api and a postgres image (docker absent, or
// installed without a daemon), refusing to overwrite, --dry-run, and a broken compose file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SERVICES_DIR } from '../helpers/fixtures.js';
import { freePort } from '../helpers/free-port.js';
import { httpGet, printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();
const node = process.execPath;
const httpServer = path.join(SERVICES_DIR, 'http-server.js');
/** A PATH with nothing on it: no docker (the CLI itself runs from an absolute node path). */
const emptyPath = mkdtempSync(path.join(os.tmpdir(), 'stack-e2e-nopath-'));
afterAll(() => rmSync(emptyPath, { recursive: true, force: true }));

function dockerOnThisMachine(): 'absent' | 'no-daemon' | 'running' {
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 15_000 });
  if (info.error) return 'absent';
  return info.status === 0 ? 'running' : 'no-daemon';
}

describe('stack init', () => {
  it('reads a Procfile and .env, and stack up starts what it wrote, healthy', async () => {
    const port = await freePort();
    const p = await project('init-procfile', {
      Procfile: [
        '# foreman format: comments, blank lines, $PORT',
        `web: ${node} ${httpServer} --port $PORT`,
        '',
        `worker:   ${node} -e "setInterval(() => {}, 1000)"`,
      ].join('\n'),
      // foreman and honcho take the base port from PORT in .env.
      '.env': `PORT=${port}\nNAME=from-dotenv\n`,
    });

    const init = await runExpecting(p.dir, ['init'], 0);
    expect(init.stdout, printed(init)).toContain('Read Procfile.');
    expect(init.stdout).toContain('Wrote stack.yaml: 2 services (web, worker).');
    expect(init.stdout).toContain(`web: uses $PORT: given port ${port}, checked with tcp`);
    expect(init.stdout).toContain('Next: stack up');
    const written = readFileSync(p.path('stack.yaml'), 'utf8');
    expect(written).toContain('env_file: .env');
    expect(written).toContain(`port: ${port}`);

    await runExpecting(p.dir, ['up'], 0);
    const status = await statusJson(p.dir);
    expect(serviceIn(status, 'web')).toMatchObject({ state: 'running', health: 'healthy', port });
    expect(serviceIn(status, 'worker')).toMatchObject({ state: 'running', health: 'healthy' });
    // The .env file reached the process: the fixture server answers with its NAME.
    expect((await httpGet(port)).body).toBe('from-dotenv ok\n');
  });

  it('refuses to overwrite stack.yaml without --force, and replaces it with --force', async () => {
    const p = await project('init-refuse', { Procfile: 'web: node a.js\n', 'stack.yaml': '# mine\nservices: { a: { command: x } }\n' });

    const refused = await runExpecting(p.dir, ['init'], 2);
    expect(refused.stderr, printed(refused)).toContain('stack.yaml already exists; stack init does not overwrite it.');
    expect(refused.stderr).toContain('stack init --force replaces the file');
    expect(readFileSync(p.path('stack.yaml'), 'utf8')).toBe('# mine\nservices: { a: { command: x } }\n');

    // stack.yml is a stack file too: init would otherwise write a second one beside it.
    const other = await project('init-refuse-yml', { Procfile: 'web: node a.js\n', 'stack.yml': 'services: { a: { command: x } }\n' });
    const refusedYml = await runExpecting(other.dir, ['init'], 2);
    expect(refusedYml.stderr, printed(refusedYml)).toContain('stack.yml already exists; stack init does not overwrite it.');
    expect(existsSync(other.path('stack.yaml'))).toBe(false);

    const forced = await runExpecting(p.dir, ['init', '--force'], 0);
    expect(forced.stdout, printed(forced)).toContain('Wrote stack.yaml: 1 service (web).');
    expect(readFileSync(p.path('stack.yaml'), 'utf8')).toContain('command: node a.js');
  });

  it('--dry-run prints the file and its notes, and writes nothing', async () => {
    const p = await project('init-dry', { Procfile: 'web: node a.js --port $PORT\n', 'package.json': '{ "scripts": { "dev": "vite" } }' });

    const dry = await runExpecting(p.dir, ['init', '--dry-run'], 0);
    expect(dry.stdout, printed(dry)).toContain('services:\n  # Procfile:1: web\n  web:\n    command: node a.js --port $PORT\n');
    expect(dry.stderr).toContain('Found Procfile, package.json; read Procfile (--from package for package.json).');
    expect(dry.stderr).toContain('Dry run: nothing was written.');
    expect(existsSync(p.path('stack.yaml'))).toBe(false);

    const other = await runExpecting(p.dir, ['init', '--dry-run', '--from', 'package'], 0);
    expect(other.stdout, printed(other)).toContain('command: npm run dev');
    expect(existsSync(p.path('stack.yaml'))).toBe(false);
  });

  it('a broken compose file is reported at its line and column (exit 2), and nothing is written', async () => {
    const p = await project('init-broken', { 'docker-compose.yml': 'services:\n  api:\n    image: node:20\n    command: [node, server.js\n    ports: ["3000:3000"]\n' });
    const broken = await runExpecting(p.dir, ['init'], 2);
    expect(broken.stderr, printed(broken)).toMatch(/docker-compose\.yml:5:5 invalid YAML: /);
    expect(existsSync(p.path('stack.yaml'))).toBe(false);
  });

  it('compose with an api and a postgres image, docker absent: the db is kept under x-db, stack up starts the api, and the output says what to do', async () => {
    const port = await freePort();
    const p = await project('init-compose', {
      'docker-compose.yml': [
        'services:',
        '  api:',
        '    build: ./api',
        `    command: ["${node}", "${httpServer}"]`,
        `    ports: ["${port}:${port}"]`,
        '    environment:',
        '      DATABASE_URL: postgres://app:app@db:5432/app',
        '    depends_on:',
        '      db: { condition: service_healthy }',
        '  db:',
        '    image: postgres:16',
        '    ports: ["5432:5432"]',
        '    environment: { POSTGRES_PASSWORD: app, POSTGRES_USER: app }',
      ].join('\n'),
      'api/Dockerfile': 'FROM node:20\n',
    });

    const init = await runExpecting(p.dir, ['init'], 0, { env: { PATH: emptyPath } });
    expect(init.stdout, printed(init)).toContain('Wrote stack.yaml: 1 service (api).');
    expect(init.stdout).toContain('db: needs docker to run postgres:16, and docker is not installed: kept as x-db; install docker and rename it to db');
    expect(init.stdout).toContain('api: depends on db (healthy), which needs docker: left out until x-db is renamed to db');
    expect(init.stdout).toContain('api: env DATABASE_URL: db:5432 → 127.0.0.1:5432');
    const written = readFileSync(p.path('stack.yaml'), 'utf8');
    expect(written).toContain('  x-db:\n');
    expect(written).toContain('pg_isready -h 127.0.0.1 -U app');

    await runExpecting(p.dir, ['up'], 0);
    expect(serviceIn(await statusJson(p.dir), 'api')).toMatchObject({ state: 'running', health: 'healthy', port });
  });

  it('compose with a postgres image and the docker on this machine: says whether docker can run it', async () => {
    const docker = dockerOnThisMachine();
    const p = await project('init-docker', { 'compose.yaml': 'services:\n  db:\n    image: postgres:16\n    ports: ["5432:5432"]\n' });
    const init = await runExpecting(p.dir, ['init'], 0);
    if (docker === 'absent') {
      expect(init.stdout, printed(init)).toContain('kept as x-db');
      return;
    }
    const written = readFileSync(p.path('stack.yaml'), 'utf8');
    expect(written, printed(init)).toMatch(/^ {2}db:\n/m);
    expect(written).toContain('exec docker run --rm --name');
    if (docker === 'no-daemon') expect(init.stdout).toMatch(/docker is installed but cannot run containers \(docker info said: .+\): start its daemon before stack up/);
    else expect(init.stdout).not.toContain('cannot run containers');
  });
});
