// What both exporters carry over: argv, working directory, env without secrets, addresses of other services.
import { describe, expect, it } from 'vitest';
import { exportModel, shellArgv } from '../../../src/export/model.js';
import { load, yaml } from '../config/helpers.js';

const stack = yaml`
  name: shop
  services:
    db:
      command: node db.js
      port: 5433
    api:
      command: [node, src/server.js]
      port: 4000
      env:
        DATABASE_URL: "postgres://app:hunter22@127.0.0.1:\${db.port}/shop"
        DB_ADDR: "localhost:\${db.port}"
        SELF: "http://127.0.0.1:\${PORT}/"
        CACHE_URL: "redis://localhost:6379/0"
        METRICS_BIND: "0.0.0.0:9100"
        STRIPE_KEY: sk_live_123
        API_TOKEN: ""
        LOG_LEVEL: debug
      depends_on: { db: healthy, migrate: completed }
    migrate:
      command: node migrate.js
    x-note: { command: ignored }
`;

describe('exportModel', () => {
  const model = exportModel(load(stack), new Map([['db', 'postgres:16']]));
  const api = model.services.find((s) => s.name === 'api')!;

  it('names the loopback addresses no service of the stack holds (a database run outside it), not its own port nor a bind address', () => {
    expect(api.outsiders).toEqual(['CACHE_URL: localhost:6379']);
    expect(model.services.find((s) => s.name === 'db')!.outsiders).toEqual([]);
  });

  it('takes secrets out: secret-named variables and values with a URL password', () => {
    expect(model.secrets).toEqual(['DATABASE_URL', 'STRIPE_KEY']);
    expect(api.env).toEqual([
      { name: 'DATABASE_URL', secret: true },
      { name: 'DB_ADDR', value: 'db:5433' },
      { name: 'SELF', value: 'http://127.0.0.1:4000/' },
      { name: 'CACHE_URL', value: 'redis://localhost:6379/0' },
      { name: 'METRICS_BIND', value: '0.0.0.0:9100' },
      { name: 'STRIPE_KEY', secret: true },
      { name: 'API_TOKEN', value: '' },
      { name: 'LOG_LEVEL', value: 'debug' },
      { name: 'PORT', value: '4000' },
    ]);
    expect(api.rewrites).toEqual(['DB_ADDR: localhost:5433 → db:5433']);
  });

  it('an image from x-image:, else a placeholder; one-shot services that others wait to complete', () => {
    expect(model.services.map((s) => [s.name, s.image, s.placeholderImage, s.oneShot])).toEqual([
      ['db', 'postgres:16', false, false],
      ['api', 'shop-api', true, false],
      ['migrate', 'shop-migrate', true, true],
    ]);
  });

  it.each<[string, string[]]>([
    ['node server.js', ['node', 'server.js']],
    ['npm run dev -- --port 4000', ['npm', 'run', 'dev', '--', '--port', '4000']],
    ['node a.js && node b.js', ['sh', '-c', 'node a.js && node b.js']],
    ['echo "$HOME"', ['sh', '-c', 'echo "$HOME"']],
    ['NODE_ENV=production node s.js', ['sh', '-c', 'NODE_ENV=production node s.js']],
  ])('shell command %j as argv', (command, argv) => {
    expect(shellArgv(command)).toEqual(argv);
  });
});
