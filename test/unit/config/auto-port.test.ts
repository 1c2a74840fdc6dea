/**
 * `port: auto` in the loader: the kept port is what every `${PORT}` and `${svc.port}`
 * resolves to, a port is chosen only for a service that has none, and a misspelling says
 * what was meant, with its position.
 */
import { describe, expect, it } from 'vitest';
import { keptPorts, loadChoosingPorts, type PortKeeper } from '../../../src/config/auto-port.js';
import { parseConfig } from '../../../src/config/index.js';
import { CONFIG, problems, yaml } from './helpers.js';

const STACK = yaml`
  services:
    db:
      command: node db.js
      port: auto
    api:
      command: node api.js --port \${PORT}
      port: auto
      env: { DB_URL: "postgres://localhost:\${db.port}/app" }
      health: { http: "http://localhost:\${PORT}/health" }
    web:
      command: node web.js
      port: 5173
`;

const load = (source: string, ports: Record<string, number>) => parseConfig(source, CONFIG, { env: {}, autoPorts: keptPorts(ports) });

describe('port: auto with kept ports', () => {
  it('resolves the service port, ${PORT}, ${svc.port}, the health URL and the default tcp check', () => {
    const config = load(STACK, { db: 41001, api: 41002 });
    const { db, api, web } = config.services;
    expect(db).toMatchObject({ port: 41001, portAuto: true, env: { PORT: '41001' }, health: { probe: { kind: 'tcp', port: 41001 } } });
    expect(api).toMatchObject({
      port: 41002,
      portAuto: true,
      command: { shell: 'node api.js --port 41002' },
      env: { PORT: '41002', DB_URL: 'postgres://localhost:41001/app' },
      health: { probe: { kind: 'http', url: 'http://localhost:41002/health' } },
    });
    expect(web!.portAuto).toBeUndefined();
  });

  it('works through interpolation: ${API_PORT:-auto} is auto unless API_PORT is set', () => {
    const source = yaml`
      services:
        api: { command: x, port: "\${API_PORT:-auto}" }
    `;
    expect(load(source, { api: 42000 }).services.api).toMatchObject({ port: 42000, portAuto: true });
    const fixed = parseConfig(source, CONFIG, { env: { API_PORT: '4000' }, autoPorts: keptPorts({ api: 42000 }) });
    expect(fixed.services.api).toMatchObject({ port: 4000 });
    expect(fixed.services.api!.portAuto).toBeUndefined();
  });

  it('a kept port equal to another service\'s is a duplicate-port problem, with its position', () => {
    const error = (() => {
      try {
        load(STACK.replace('port: 5173', 'port: 41001'), { db: 41001, api: 41002 });
      } catch (e) {
        return (e as { details: string[] }).details;
      }
      return [];
    })();
    expect(error).toEqual(['stack.yaml:12:11 services.web.port: port 41001 is already declared by services.db (give each service its own port)']);
  });
});

describe('port: auto with no port chosen yet', () => {
  it('without a source, a reference to it says that stack up chooses it', () => {
    const notChosen = (service: string) => `services.${service} has port: auto and no port is chosen for it yet; stack up chooses one`;
    expect(problems(STACK)).toEqual([
      `stack.yaml:6:33 services.api.command: \${PORT}: ${notChosen('api')}`,
      `stack.yaml:8:42 services.api.env.DB_URL: \${db.port}: ${notChosen('db')}`,
      `stack.yaml:9:39 services.api.health.http: \${PORT}: ${notChosen('api')}`,
    ]);
  });

  it('loadChoosingPorts chooses only for the services that have none, avoiding the literal ports, then loads again', async () => {
    const kept: Record<string, number> = { db: 41001 };
    const asked: Array<{ services: readonly string[]; avoid: number[] }> = [];
    const keeper: PortKeeper = {
      kept: (s) => kept[s],
      async choose(services, avoid) {
        asked.push({ services, avoid: [...avoid] });
        for (const s of services) kept[s] = 41500;
      },
    };
    const config = await loadChoosingPorts((autoPorts) => parseConfig(STACK, CONFIG, { env: {}, autoPorts }), keeper);
    expect(asked).toEqual([{ services: ['api'], avoid: [5173] }]);
    expect(config.services.api).toMatchObject({ port: 41500, env: { DB_URL: 'postgres://localhost:41001/app' } });
  });

  it('loadChoosingPorts chooses nothing when every port is kept, and passes real problems on', async () => {
    const keeper: PortKeeper = {
      kept: () => 41001,
      choose: () => Promise.reject(new Error('must not choose')),
    };
    await expect(loadChoosingPorts((autoPorts) => parseConfig('services:\n  a: { command: x, port: auto, restart: never }\n', CONFIG, { env: {}, autoPorts }), keeper)).rejects.toThrow(
      /1 problem/,
    );
  });
});

describe('port: auto spelled otherwise', () => {
  it.each([
    ['automatic', `did you mean 'auto', which picks a free port once and keeps it?`],
    ['Auto', `did you mean 'auto', which picks a free port once and keeps it?`],
    ['random', `did you mean 'auto', which picks a free port once and keeps it?`],
  ])('port: %s → the position and a suggestion', (written, hint) => {
    expect(problems(`services:\n  api:\n    command: x\n    port: ${written}\n`)).toEqual([
      `stack.yaml:4:11 services.api.port: expected a port number between 1 and 65535, or auto, got "${written}" (${hint})`,
    ]);
  });

  it('port: http has no suggestion', () => {
    expect(problems('services:\n  api:\n    command: x\n    port: http\n')).toEqual([
      'stack.yaml:4:11 services.api.port: expected a port number between 1 and 65535, or auto, got "http"',
    ]);
  });
});
