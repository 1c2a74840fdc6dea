// `stack export compose`: each stack key as compose writes it; checked by the compose CLI's own
// `config` when docker-compose is installed (.ci/run installs it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WITH_OUTSIDE_DB, composeOf, yaml } from './helpers.js';

const hasCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
const NEEDS_COMPOSE = 'needs docker-compose (apt-get install docker-compose; .ci/run installs it)';

const stack = yaml`
  name: shop
  services:
    db:
      command: node db.js
      port: 5433
      x-image: postgres:16
    migrate:
      command: node migrate.js
      depends_on: { db: healthy }
      restart: "no"
    api:
      command: node api.js --greeting '$$HOME is home'
      port: 4000
      env: { DB_ADDR: "127.0.0.1:\${db.port}", API_TOKEN: s3cr3t-token, PRICE: "$$5" }
      health: { http: "http://localhost:\${PORT}/health", interval: 5s, timeout: 2s, retries: 4, start_period: 20s }
      depends_on: { db: healthy, migrate: completed, worker: healthy }
      restart: always
      stop_signal: SIGINT
      stop_timeout: 1m
      build: npm run build
    worker:
      command: [node, worker.js]
      health: { exec: "test -f /tmp/ready" }
      memory_limit: 1.5GiB
    tail:
      command: node tail.js
      health: { log: "ready$$" }
    quiet:
      command: node quiet.js
      depends_on: { tail: healthy, api: started }
`;

describe('exportCompose', () => {
  const { text, data } = composeOf(stack);
  const services = data.services;

  it('carries over image, command ($ doubled), working_dir, env (secrets as required references), ports, restart and stop settings', () => {
    expect(services.api).toMatchObject({
      image: 'shop-api',
      command: ['sh', '-c', "node api.js --greeting '$$HOME is home'"],
      working_dir: '/app',
      environment: { DB_ADDR: 'db:5433', API_TOKEN: '${API_TOKEN:?API_TOKEN is a secret: set it in the environment or .env}', PRICE: '$$5', PORT: '4000' },
      ports: ['4000:4000'],
      restart: 'always',
      stop_signal: 'SIGINT',
      stop_grace_period: '1m',
    });
    expect(services.db).toMatchObject({ image: 'postgres:16', command: ['node', 'db.js'], restart: 'on-failure', stop_grace_period: '10s' });
    expect(services.db).not.toHaveProperty('stop_signal');
    expect(services.migrate!.restart).toBe('no');
    expect(text).not.toContain('s3cr3t-token');
    expect(text).toContain('# Secrets left out of this file (set them in the environment or .env): API_TOKEN');
    expect(text).toContain('image: shop-api # placeholder: no x-image: for api in stack.yaml');
    expect(text).toContain('# stack runs `npm run build` before it starts; build that into the image');
  });

  it('memory_limit as mem_limit, in the same binary units, and says docker kills at the limit', () => {
    expect(services.worker!.mem_limit).toBe('1536m');
    expect(services.api).not.toHaveProperty('mem_limit');
    expect(text).toMatch(/# memory_limit: docker kills the container at the limit.*\n\s+mem_limit: 1536m/);
  });

  it.each<[string, unknown]>([
    ['db', { test: ['CMD-SHELL', "nc -z 127.0.0.1 5433 || bash -c '</dev/tcp/127.0.0.1/5433'"], interval: '2s', timeout: '1s', retries: 3, start_period: '10s' }],
    [
      'api',
      {
        test: ['CMD-SHELL', 'curl -fsS -o /dev/null http://localhost:4000/health || wget -q -O /dev/null http://localhost:4000/health'],
        interval: '5s',
        timeout: '2s',
        retries: 4,
        start_period: '20s',
      },
    ],
    ['worker', { test: ['CMD-SHELL', 'test -f /tmp/ready'], interval: '2s', timeout: '1s', retries: 3, start_period: '10s' }],
    ['tail', undefined],
    ['migrate', undefined],
  ])('%s: health as healthcheck', (name, healthcheck) => {
    expect(services[name]!.healthcheck).toEqual(healthcheck);
  });

  it('depends_on conditions; healthy on a service with no healthcheck waits for started, and says so', () => {
    expect(services.api!.depends_on).toEqual({
      db: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
      worker: { condition: 'service_healthy' },
    });
    expect(services.quiet!.depends_on).toEqual({ tail: { condition: 'service_started' }, api: { condition: 'service_started' } });
    expect(text).toContain('# tail: no healthcheck to wait for, so started');
    expect(text).toContain('# health log: /ready$/ (ready once a log line matches) has no compose equivalent');
  });

  it('is accepted by docker-compose config, which keeps what was exported', () => {
    expect(hasCompose, NEEDS_COMPOSE).toBe(true);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stack-export-'));
    try {
      const file = path.join(dir, 'compose.yaml');
      writeFileSync(file, text);
      const checked = spawnSync('docker-compose', ['-f', file, 'config'], { encoding: 'utf8', env: { ...process.env, API_TOKEN: 'from-env' } });
      expect(checked.status, checked.stderr).toBe(0);
      expect(checked.stdout).toContain('API_TOKEN: from-env');
      expect(checked.stdout).toContain("node api.js --greeting '$$HOME is home'");
      const missing = spawnSync('docker-compose', ['-f', file, 'config'], { encoding: 'utf8', env: { ...process.env, API_TOKEN: '' } });
      expect(missing.status).not.toBe(0);
      expect(missing.stderr).toContain('API_TOKEN is a secret: set it in the environment or .env');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('exportCompose: an address outside the stack', () => {
  it('says that localhost in a container is the container, and what to point it at', () => {
    const { text, data } = composeOf(WITH_OUTSIDE_DB);
    expect(data.services.api!.environment).toMatchObject({ DATABASE_URL: 'postgres://localhost:5432/shop' });
    expect(text).toContain('# DATABASE_URL: localhost:5432 is no service of this stack, and in a container localhost is the container itself: point it at the host (host.docker.internal; on Linux with extra_hosts: ["host.docker.internal:host-gateway"]) or add what listens there as a service');
  });
});
