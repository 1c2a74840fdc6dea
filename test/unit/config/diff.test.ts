// configChanges: which keys of a service differ between the config its process was
// started with and the file now, in stack.yaml's words and never with values.
import { describe, expect, it } from 'vitest';
import { configChanges } from '../../../src/config/diff.js';
import type { ServiceConfig } from '../../../src/config/types.js';
import { load, yaml } from './helpers.js';

/** The resolved `api` of a stack.yaml whose services are `services` (YAML, indented under services:). */
function api(services: string, env: NodeJS.ProcessEnv = {}): ServiceConfig {
  const indented = services
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
  return load(`services:\n${indented}\n`, { env }).services.api!;
}

const BASE = yaml`
  db: { command: node db.js, port: 5433 }
  api:
    command: node api.js
    port: 4000
    env: { DATABASE_URL: "postgres://127.0.0.1:\${db.port}/shop", SECRET_TOKEN: abc123 }
    depends_on: [db]
    health: { http: "http://127.0.0.1:\${PORT}/health", interval: 2s }
`;

const cases: Array<[what: string, now: string, changes: string[]]> = [
  ['nothing', BASE, []],
  ['the port (env.PORT and the ${PORT} health URL follow it)', BASE.replace('port: 4000', 'port: 4001'), ['port']],
  ['the command', BASE.replace('node api.js', 'node api2.js'), ['command']],
  ['a string command becoming a list', BASE.replace('command: node api.js', 'command: [node, api.js]'), ['command']],
  ['the cwd', BASE.replace('port: 4000', 'port: 4000\n  cwd: src'), ['cwd']],
  ['an env value, named but not shown', BASE.replace('abc123', 'xyz789'), ['env.SECRET_TOKEN']],
  ['an env variable added', BASE.replace('SECRET_TOKEN: abc123', 'SECRET_TOKEN: abc123, DEBUG: "1"'), ['env.DEBUG']],
  ['an env variable removed', BASE.replace(', SECRET_TOKEN: abc123', ''), ['env.SECRET_TOKEN']],
  ["a dependency's port, through ${db.port}", BASE.replace('port: 5433', 'port: 5434'), ['env.DATABASE_URL']],
  ['the health URL', BASE.replace('/health"', '/healthz"'), ['health.http']],
  ['the health check kind', BASE.replace('http: "http://127.0.0.1:${PORT}/health"', 'tcp: 4000'), ['health.http', 'health.tcp']],
  ['the health interval', BASE.replace('interval: 2s', 'interval: 3s'), ['health.interval']],
  ['a health setting that was the default', BASE.replace('interval: 2s', 'interval: 2s, retries: 5'), ['health.retries']],
  ['a dependency condition', BASE.replace('depends_on: [db]', 'depends_on: { db: started }'), ['depends_on.db']],
  ['a dependency dropped', BASE.replace('\n  depends_on: [db]', '').replace('${db.port}', '5433'), ['depends_on.db']],
  ['watch', BASE.replace('port: 4000', 'port: 4000\n  watch: [src/**]'), ['watch']],
  ['build', BASE.replace('port: 4000', 'port: 4000\n  build: npm run build'), ['build']],
  ['restart', BASE.replace('port: 4000', 'port: 4000\n  restart: always'), ['restart']],
  ['on_stale', BASE.replace('port: 4000', 'port: 4000\n  on_stale: restart'), ['on_stale']],
  ['stop_signal', BASE.replace('port: 4000', 'port: 4000\n  stop_signal: SIGINT'), ['stop_signal']],
  ['stop_timeout', BASE.replace('port: 4000', 'port: 4000\n  stop_timeout: 3s'), ['stop_timeout']],
  ['several keys, in the order of the file', BASE.replace('node api.js', 'node b.js').replace('interval: 2s', 'interval: 3s').replace('abc123', 'x'), ['command', 'env.SECRET_TOKEN', 'health.interval']],
];

describe('configChanges', () => {
  it.each(cases)('%s', (_what, now, changes) => {
    expect(configChanges(api(BASE), api(now))).toEqual(changes);
  });

  it('compares the resolved env: a ${VAR} from the environment that changed is a change', () => {
    const source = BASE.replace('abc123', '"${TOKEN}"');
    expect(configChanges(api(source, { TOKEN: 'one1' }), api(source, { TOKEN: 'one1' }))).toEqual([]);
    expect(configChanges(api(source, { TOKEN: 'one1' }), api(source, { TOKEN: 'two2' }))).toEqual(['env.SECRET_TOKEN']);
  });

  it('names a key only: no value of either side appears', () => {
    const changes = configChanges(api(BASE), api(BASE.replace('abc123', 'hunter22').replace('port: 4000', 'port: 4100')));
    expect(changes.join(' ')).not.toMatch(/abc123|hunter22|4000|4100/);
  });

  it('a port change does not hide an env value that changed in another way', () => {
    const now = BASE.replace('port: 4000', 'port: 4001').replace('SECRET_TOKEN: abc123', 'SECRET_TOKEN: abc123, PORT_COPY: "9"');
    expect(configChanges(api(BASE), api(now))).toEqual(['port', 'env.PORT_COPY']);
  });
});
