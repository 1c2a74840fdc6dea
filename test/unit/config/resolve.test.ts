import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../src/config/index.js';
import { CONFIG, load, problems, tempDir, writeFiles, yaml } from './helpers.js';

describe('resolved config', () => {
  it('fills every default', () => {
    const config = load(yaml`
      services:
        api: { command: node api.js, port: 4000 }
        worker: { command: [node, worker.js] }
    `);
    expect(config.name).toBe(path.basename(path.dirname(CONFIG)));
    expect(config.file).toBe(CONFIG);
    expect(config.root).toBe(path.dirname(CONFIG));
    expect(config.services.api).toEqual({
      name: 'api',
      command: { shell: 'node api.js' },
      cwd: path.dirname(CONFIG),
      port: 4000,
      env: { PORT: '4000' },
      health: { probe: { kind: 'tcp', host: 'localhost', port: 4000 }, ...DEFAULTS.health },
      dependsOn: {},
      watch: ['**'],
      build: undefined,
      buildOutputs: [],
      restart: 'on-failure',
      onStale: 'warn',
      staleness: 'watch',
      stopSignal: 'SIGTERM',
      stopTimeout: 10_000,
    });
    expect(config.services.worker!.health.probe).toEqual({ kind: 'process' });
    expect(config.services.worker!.port).toBeUndefined();
    expect(config.services.worker!.env).toEqual({});
  });

  it.each([
    ['the default globs', 'pid_file: run/app.pid', ['**', '!run/app.pid']],
    ['globs of its own', 'pid_file: app.pid, watch: ["src/**"]', ['src/**', '!app.pid']],
    ['a pid file outside cwd', 'pid_file: ../app.pid', ['**']],
    ['an absolute one inside cwd', 'pid_file: CWD/x.pid', ['**', '!x.pid']],
    ['staleness: loaded, no globs (an exclusion alone would mean "all but")', 'pid_file: app.pid, staleness: loaded', []],
  ])('leaves the service\'s own pid file out of its sources: %s', (_, fields, watch) => {
    const cwd = path.join(path.dirname(CONFIG), 'svc');
    fs.mkdirSync(cwd, { recursive: true });
    const config = load(yaml`
      services:
        redis: { command: redis-server, cwd: svc, port: 4000, ${fields.replace('CWD', cwd)} }
    `);
    expect(config.services.redis!.watch).toEqual(watch);
  });

  it('keeps services in file order and is plain JSON data', () => {
    const config = load(yaml`
      name: shop
      services:
        web: { command: w }
        api: { command: a }
        db: { command: d }
    `);
    expect(config.name).toBe('shop');
    expect(Object.keys(config.services)).toEqual(['web', 'api', 'db']);
    expect(JSON.parse(JSON.stringify(config))).toEqual(JSON.parse(JSON.stringify(config)));
  });

  it('passes env numbers and booleans as written', () => {
    const config = load(yaml`
      env: { VERSION: 1.10, HEX: 0x1F, FLAG: True, BIG: 1e3, S: "007" }
      services:
        a: { command: a }
    `);
    expect(config.services.a!.env).toEqual({ VERSION: '1.10', HEX: '0x1F', FLAG: 'True', BIG: '1e3', S: '007' });
  });

  it('passes numbers in an argv list as written', () => {
    const config = load('services:\n  a: { command: [python, -m, app, --ratio, 1.50, --port, 8000] }\n');
    expect(config.services.a!.command).toEqual({ argv: ['python', '-m', 'app', '--ratio', '1.50', '--port', '8000'] });
  });

  it('resolves cwd against the config file directory and checks it exists', () => {
    const dir = tempDir();
    writeFiles(dir, { 'services/api/index.js': '', 'a-file': '' });
    const file = path.join(dir, 'stack.yaml');
    const config = load('services:\n  api: { command: a, cwd: services/api }\n', { file });
    expect(config.services.api!.cwd).toBe(path.join(dir, 'services/api'));

    const lines = problems(
      yaml`
        services:
          a: { command: a, cwd: services/gone }
          b: { command: b, cwd: a-file }
          c: { command: c, cwd: /definitely/not/here }
      `,
      { file },
    );
    expect(lines.map((l) => l.replaceAll(dir, '<dir>'))).toMatchInlineSnapshot(`
      [
        "<dir>/stack.yaml:2:25 services.a.cwd: directory <dir>/services/gone does not exist (cwd is relative to the stack file)",
        "<dir>/stack.yaml:3:25 services.b.cwd: <dir>/a-file is not a directory",
        "<dir>/stack.yaml:4:25 services.c.cwd: directory /definitely/not/here does not exist (cwd is relative to the stack file)",
      ]
    `);
  });

  it('two services declaring one port is a problem at the second', () => {
    expect(
      problems(yaml`
        services:
          a: { command: a, port: 3000 }
          b: { command: b, port: "3000" }
          c: { command: c, port: 3001 }
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:3:26 services.b.port: port 3000 is already declared by services.a (give each service its own port)",
      ]
    `);
  });

  it('a service depending on itself is a cycle', () => {
    expect(problems('services:\n  a: { command: a, depends_on: [a] }\n')).toMatchInlineSnapshot(`
      [
        "stack.yaml:2:33 services.a.depends_on[0]: dependency cycle: a → a",
      ]
    `);
  });

  it('reports a cycle in the map form at the dependency key', () => {
    expect(
      problems(yaml`
        services:
          web: { command: w, depends_on: { api: healthy } }
          api: { command: a, depends_on: { worker: started } }
          worker: { command: w, depends_on: { api: started, ghost: started } }
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:3:36 services.api.depends_on.worker: dependency cycle: api → worker → api",
        "stack.yaml:4:53 services.worker.depends_on.ghost: unknown service 'ghost'",
      ]
    `);
  });

  it('lists the files it was read from in inputs: stack.yaml, then each env file once', () => {
    const dir = tempDir();
    writeFiles(dir, { '.env': 'A=1\n', 'api.env': 'B=2\n' });
    const file = path.join(dir, 'stack.yaml');
    const config = load(
      yaml`
        env_file: .env
        services:
          api: { command: a, env_file: [api.env, .env] }
          web: { command: w }
      `,
      { file },
    );
    expect(config.inputs).toEqual([file, path.join(dir, '.env'), path.join(dir, 'api.env')]);
  });

  it('does not touch the disk for the default cwd', () => {
    const config = load('services:\n  a: { command: a }\n', { file: '/no/such/dir/stack.yaml' });
    expect(config.services.a!.cwd).toBe('/no/such/dir');
    expect(fs.existsSync('/no/such/dir')).toBe(false);
  });
});
