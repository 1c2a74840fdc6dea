import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { load, tempDir, writeFiles, yaml } from './helpers.js';

/** The example of DESIGN.md §3 (the contract), verbatim apart from comments. */
const example = yaml`
  # yaml-language-server: $schema=./node_modules/stack-supervisor/stack.schema.json
  name: shop
  env: { NODE_ENV: development }
  env_file: .env
  services:
    db:
      command: node examples/db/server.js
      port: 5433
      health: { tcp: 5433 }
    api:
      command: node src/server.js
      cwd: examples/api
      port: 4000
      env: { DATABASE_URL: "postgres://localhost:5433/shop" }
      env_file: examples/api/.env
      depends_on: [db]
      health:
        http: http://localhost:\${PORT}/health
        interval: 2s
        timeout: 1s
        retries: 3
        start_period: 30s
      watch: [src/**, package.json]
      build: npm run build
      restart: on-failure
      on_stale: warn
      stop_signal: SIGTERM
      stop_timeout: 10s
      memory_limit: 512MB
    worker:
      command: node worker.js
      port: auto
      env: { API_URL: "http://localhost:\${api.port}" }
    web:
      command: [npx, vite, --port, "\${PORT}"]
      port: 5173
      depends_on: { api: healthy }
`;

describe('the DESIGN.md example', () => {
  it('loads and resolves', () => {
    const dir = tempDir();
    writeFiles(dir, { '.env': 'SHARED=1\n', 'examples/api/.env': 'API_KEY=secret\n' });
    const config = load(example, { file: path.join(dir, 'stack.yaml'), autoPorts: { worker: 41234 } });
    expect(config.name).toBe('shop');
    expect(Object.keys(config.services)).toEqual(['db', 'api', 'worker', 'web']);
    const { db, api, worker, web } = config.services;
    expect(db!.health.probe).toEqual({ kind: 'tcp', host: 'localhost', port: 5433 });
    expect(api).toEqual({
      name: 'api',
      command: { shell: 'node src/server.js' },
      cwd: path.join(dir, 'examples/api'),
      port: 4000,
      env: {
        SHARED: '1',
        NODE_ENV: 'development',
        API_KEY: 'secret',
        DATABASE_URL: 'postgres://localhost:5433/shop',
        PORT: '4000',
      },
      health: {
        probe: { kind: 'http', url: 'http://localhost:4000/health' },
        interval: 2000,
        timeout: 1000,
        retries: 3,
        startPeriod: 30_000,
      },
      dependsOn: { db: 'healthy' },
      watch: ['src/**', 'package.json'],
      build: 'npm run build',
      buildOutputs: [],
      restart: 'on-failure',
      onStale: 'warn',
      staleness: 'watch',
      stopSignal: 'SIGTERM',
      stopTimeout: 10_000,
      memoryLimit: 512 * 1024 ** 2,
    });
    expect(worker).toMatchObject({ port: 41234, portAuto: true, env: { API_URL: 'http://localhost:4000', PORT: '41234' } });
    expect(web!.command).toEqual({ argv: ['npx', 'vite', '--port', '5173'] });
    expect(web!.dependsOn).toEqual({ api: 'healthy' });
  });
});
