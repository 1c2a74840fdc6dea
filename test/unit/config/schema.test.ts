import { describe, expect, it } from 'vitest';
import { load, problems, yaml } from './helpers.js';

describe('wrong types, one per key, all reported at once with line:col', () => {
  it('top-level keys', () => {
    expect(
      problems(yaml`
        name: [shop]
        env: [A, B]
        env_file: 42
        services: [api]
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:1:7 name: expected a project name, got a list",
        "stack.yaml:2:6 env: expected a map of NAME: value, got a list",
        "stack.yaml:3:11 env_file: expected a file path or a list of them, got a number (42)",
        "stack.yaml:4:11 services: expected a map of services, got a list",
      ]
    `);
  });

  it('service keys', () => {
    expect(
      problems(yaml`
        services:
          api:
            command: 42
            cwd: [src]
            port: http
            env: { A: [1, 2], B: { c: 1 } }
            env_file: { path: .env }
            health: fast
            depends_on: db
            watch: 3
            build: true
            restart: sometimes
            on_stale: ignore
            stop_signal: SIGTREM
            stop_timeout: forever
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:3:14 services.api.command: expected a command: a string run by the shell, or a list of arguments, got a number (42)",
        "stack.yaml:4:10 services.api.cwd: expected a directory, got a list",
        "stack.yaml:5:11 services.api.port: expected a port number between 1 and 65535, or auto, got "http"",
        "stack.yaml:6:15 services.api.env.A: expected a string, number or boolean, got a list",
        "stack.yaml:6:26 services.api.env.B: expected a string, number or boolean, got a map",
        "stack.yaml:7:15 services.api.env_file: expected a file path or a list of them, got a map",
        "stack.yaml:8:13 services.api.health: expected a map with one of http, tcp, exec or log, got "fast"",
        "stack.yaml:9:17 services.api.depends_on: expected a list of service names, or a map of name: condition, got "db"",
        "stack.yaml:10:12 services.api.watch: expected a glob or a list of them, got a number (3)",
        "stack.yaml:11:12 services.api.build: expected a command, or a map with command: and outputs:, got a boolean (true)",
        "stack.yaml:12:14 services.api.restart: expected "always", "on-failure" or "no", got "sometimes"",
        "stack.yaml:13:15 services.api.on_stale: expected "warn" or "restart", got "ignore"",
        "stack.yaml:14:18 services.api.stop_signal: expected a signal name like SIGTERM or SIGINT, got "SIGTREM" (did you mean 'SIGTERM'?)",
        "stack.yaml:15:19 services.api.stop_timeout: "forever" is not a duration; write a number with a unit: 500ms, 2s, 1.5m or 1h",
      ]
    `);
  });

  it('health keys', () => {
    expect(
      problems(yaml`
        services:
          a:
            command: a
            health: { http: "localhost:3000/health", interval: 2, timeout: 0, retries: 0, start_period: -1s }
          b:
            command: b
            health: { tcp: "localhost:http" }
          c:
            command: c
            health: { tcp: 70000 }
          d:
            command: d
            health: { log: "ready (" }
          e:
            command: e
            health: { exec: "" }
          f:
            command: f
            health: { http: "http://localhost/", tcp: 80 }
          g:
            command: g
            health: { retries: 1.5, htpp: "http://localhost/" }
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:4:21 services.a.health.http: expected an http:// or https:// URL, got "localhost:3000/health"",
        "stack.yaml:4:56 services.a.health.interval: 2 has no unit; write "2s" for seconds or "2ms" for milliseconds",
        "stack.yaml:4:68 services.a.health.timeout: must be longer than 0",
        "stack.yaml:4:80 services.a.health.retries: expected a whole number of at least 1, got a number (0)",
        "stack.yaml:4:97 services.a.health.start_period: "-1s" is not a duration; write a number with a unit: 500ms, 2s, 1.5m or 1h",
        "stack.yaml:7:20 services.b.health.tcp: expected a port or "host:port", got "localhost:http"",
        "stack.yaml:10:20 services.c.health.tcp: expected a port number between 1 and 65535, got a number (70000)",
        "stack.yaml:13:20 services.d.health.log: "ready (" is not a valid regular expression (unterminated group)",
        "stack.yaml:16:21 services.e.health.exec: must not be empty",
        "stack.yaml:19:47 services.f.health.tcp: only one probe per service, but http and tcp are set",
        "stack.yaml:22:24 services.g.health.retries: expected a whole number of at least 1, got a number (1.5)",
        "stack.yaml:22:29 services.g.health.htpp: unknown key 'htpp' (did you mean 'http'?)",
      ]
    `);
  });

  it('command forms', () => {
    expect(
      problems(yaml`
        services:
          a: { command: "" }
          b: { command: [] }
          c: { command: [node, { x: 1 }] }
          d: { command: ["", server.js] }
          e: { command: ~ }
          f: { port: 3000 }
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:2:17 services.a.command: must not be empty",
        "stack.yaml:3:17 services.b.command: must not be an empty list",
        "stack.yaml:4:24 services.c.command[1]: expected a string, got a map",
        "stack.yaml:5:18 services.d.command[0]: the program (first item) must not be empty",
        "stack.yaml:6:17 services.e.command: expected a command: a string run by the shell, or a list of arguments, got an empty value",
        "stack.yaml:7:3 services.f: missing required key 'command'",
      ]
    `);
  });

  it('depends_on forms', () => {
    expect(
      problems(yaml`
        services:
          db: { command: db }
          a: { command: a, depends_on: { db: healthyy } }
          b: { command: b, depends_on: { db: { condition: done } } }
          c: { command: c, depends_on: [db, 3] }
          d: { command: d, depends_on: { db: { conditon: started } } }
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:3:38 services.a.depends_on.db: expected started, healthy or completed, got "healthyy" (did you mean 'healthy'?)",
        "stack.yaml:4:51 services.b.depends_on.db.condition: expected started, healthy or completed, got "done"",
        "stack.yaml:5:37 services.c.depends_on[1]: expected a service name, got a number (3)",
        "stack.yaml:6:40 services.d.depends_on.db.conditon: unknown key 'conditon' (did you mean 'condition'?)",
      ]
    `);
  });

  it('ports', () => {
    expect(
      problems(yaml`
        services:
          a: { command: a, port: 0 }
          b: { command: b, port: 65536 }
          c: { command: c, port: 80.5 }
          d: { command: d, port: "80a" }
          e: { command: e, port: ~ }
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:2:26 services.a.port: expected a port number between 1 and 65535, or auto, got a number (0)",
        "stack.yaml:3:26 services.b.port: expected a port number between 1 and 65535, or auto, got a number (65536)",
        "stack.yaml:4:26 services.c.port: expected a port number between 1 and 65535, or auto, got a number (80.5)",
        "stack.yaml:5:26 services.d.port: expected a port number between 1 and 65535, or auto, got "80a"",
        "stack.yaml:6:26 services.e.port: expected a port number between 1 and 65535, or auto, got an empty value",
      ]
    `);
  });
});

describe('unknown keys', () => {
  it('are problems at the key, with a did-you-mean when one is close', () => {
    expect(
      problems(yaml`
        nmae: shop
        services:
          api:
            command: node api.js
            environment: { A: 1 }
            helth: { tcp: 80 }
            depend_on: [db]
            stopsignal: SIGINT
            frobnicate: yes
          db:
            command: node db.js
            health: { http: "http://localhost/", intervall: 2s }
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:1:1 nmae: unknown key 'nmae' (did you mean 'name'?)",
        "stack.yaml:5:5 services.api.environment: unknown key 'environment' (did you mean 'env'?)",
        "stack.yaml:6:5 services.api.helth: unknown key 'helth' (did you mean 'health'?)",
        "stack.yaml:7:5 services.api.depend_on: unknown key 'depend_on' (did you mean 'depends_on'?)",
        "stack.yaml:8:5 services.api.stopsignal: unknown key 'stopsignal' (did you mean 'stop_signal'?)",
        "stack.yaml:9:5 services.api.frobnicate: unknown key 'frobnicate'",
        "stack.yaml:12:42 services.db.health.intervall: unknown key 'intervall' (did you mean 'interval'?)",
      ]
    `);
  });

  it('starting with x- are ignored everywhere, so they can hold anchors', () => {
    const config = load(yaml`
      x-defaults: &defaults
        restart: always
        stop_signal: SIGINT
      services:
        x-template: { anything: goes }
        api:
          <<: *defaults
          x-note: the API
          command: node api.js
          health: { tcp: 4000, x-why: "because" }
          depends_on: { db: { condition: started, x-note: 1 }, x-nothing: 1 }
        db:
          <<: *defaults
          command: node db.js
    `);
    expect(Object.keys(config.services)).toEqual(['api', 'db']);
    expect(config.services.api!.restart).toBe('always');
    expect(config.services.api!.stopSignal).toBe('SIGINT');
    expect(config.services.api!.dependsOn).toEqual({ db: 'started' });
  });

  it('x- keys inside env are variables like any other', () => {
    const config = load(yaml`
      services:
        api: { command: a, env: { x-custom: "1" } }
    `);
    expect(config.services.api!.env).toEqual({ 'x-custom': '1' });
  });
});

describe('service names', () => {
  it('must be lowercase letters, digits, - and _', () => {
    expect(
      problems(yaml`
        services:
          Api: { command: a }
          _worker: { command: b }
          web.app: { command: c }
          ok-name_2: { command: d }
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:2:3 services.Api: service name "Api" must be lowercase letters, digits, - and _, starting with a letter or digit",
        "stack.yaml:3:3 services._worker: service name "_worker" must be lowercase letters, digits, - and _, starting with a letter or digit",
        "stack.yaml:4:3 services.web.app: service name "web.app" must be lowercase letters, digits, - and _, starting with a letter or digit",
      ]
    `);
  });

  it('need at least one service', () => {
    expect(problems('services: {}\n')).toMatchInlineSnapshot(`
      [
        "stack.yaml:1:11 services: needs at least one service",
      ]
    `);
    expect(problems('services:\n')).toMatchInlineSnapshot(`
      [
        "stack.yaml:1:10 services: expected a map of services, got an empty value",
      ]
    `);
    expect(problems('name: shop\n')).toMatchInlineSnapshot(`
      [
        "stack.yaml:1:1 missing required key 'services'",
      ]
    `);
  });

  it('a service that is not a map', () => {
    expect(problems('services:\n  api: node api.js\n')).toMatchInlineSnapshot(`
      [
        "stack.yaml:2:8 services.api: expected a map with at least command:, got "node api.js"",
      ]
    `);
  });
});

describe('valid forms', () => {
  it('takes build as a command or as a map of command and outputs, and names a wrong key with its place', () => {
    const config = load(yaml`
      services:
        api:
          command: node dist/server.js
          build: { command: npm run build, outputs: [dist/**, "!dist/**/*.map"] }
        web:
          command: node web.js
          build: { command: make, outputs: public }
        worker:
          command: node worker.js
          build: { command: make }
    `);
    expect(config.services.api).toMatchObject({ build: 'npm run build', buildOutputs: ['dist/**', '!dist/**/*.map'] });
    expect(config.services.web).toMatchObject({ build: 'make', buildOutputs: ['public'] });
    expect(config.services.worker).toMatchObject({ build: 'make', buildOutputs: [] });
    expect(problems(yaml`
      services:
        api:
          command: node s.js
          build:
            command: npm run build
            output: [dist/**]
        web:
          command: x
          build: { outputs: [dist] }
    `)).toEqual([
      "stack.yaml:6:7 services.api.build.output: unknown key 'output' (did you mean 'outputs'?)",
      "stack.yaml:9:5 services.web.build: missing required key 'command'",
    ]);
  });

  it('accepts every key', () => {
    const config = load(yaml`
      name: shop
      env: { NODE_ENV: development, DEBUG: false, WORKERS: 4 }
      services:
        api:
          command: [node, server.js, --port, 4000]
          cwd: src
          port: "4000"
          env: { A: a }
          health: { http: "https://localhost:4000/health", interval: 500ms, timeout: 1s, retries: 5, start_period: 0 }
          depends_on: { db: started }
          watch: "**/*.ts"
          build: npm run build
          restart: "no"
          on_stale: restart
          stop_signal: INT
          stop_timeout: 1m30s
        db:
          command: node db.js
          health: { tcp: "[::1]:5432" }
    `);
    expect(config.services.api).toMatchObject({
      command: { argv: ['node', 'server.js', '--port', '4000'] },
      port: 4000,
      env: { NODE_ENV: 'development', DEBUG: 'false', WORKERS: '4', A: 'a', PORT: '4000' },
      health: { probe: { kind: 'http', url: 'https://localhost:4000/health' }, interval: 500, timeout: 1000, retries: 5, startPeriod: 0 },
      dependsOn: { db: 'started' },
      watch: ['**/*.ts'],
      build: 'npm run build',
      restart: 'no',
      onStale: 'restart',
      stopSignal: 'SIGINT',
      stopTimeout: 90_000,
    });
    expect(config.services.db!.health.probe).toEqual({ kind: 'tcp', host: '::1', port: 5432 });
  });

  it('health probes', () => {
    const config = load(yaml`
      services:
        a: { command: a, health: { tcp: 5432 } }
        b: { command: b, health: { tcp: "db.local:5432" } }
        c: { command: c, health: { exec: "pg_isready" } }
        d: { command: d, health: { log: "listening on \\\\d+$" } }
        e: { command: e, port: 8080, health: { retries: 10 } }
        f: { command: f, health: { tcp: "127.0.0.1:5432" } }
        g: { command: g, health: { tcp: "[::1]:5432" } }
        h: { command: h, health: { tcp: "5432" } }
    `);
    const probes = Object.values(config.services).map((s) => s.health.probe);
    // No host is localhost, which the probe takes as either loopback; an address stays as written.
    expect(probes).toEqual([
      { kind: 'tcp', host: 'localhost', port: 5432 },
      { kind: 'tcp', host: 'db.local', port: 5432 },
      { kind: 'exec', command: 'pg_isready' },
      { kind: 'log', pattern: 'listening on \\d+$' },
      { kind: 'tcp', host: 'localhost', port: 8080 },
      { kind: 'tcp', host: '127.0.0.1', port: 5432 },
      { kind: 'tcp', host: '::1', port: 5432 },
      { kind: 'tcp', host: 'localhost', port: 5432 },
    ]);
  });

  it('depends_on as a list, a map of conditions, or a map of {condition}', () => {
    const config = load(yaml`
      services:
        db: { command: db }
        cache: { command: cache }
        migrate: { command: migrate, depends_on: [db] }
        a: { command: a, depends_on: [db, cache, db] }
        b: { command: b, depends_on: { db: started, migrate: completed } }
        c: { command: c, depends_on: { db: { condition: healthy }, cache: {}, migrate: ~ } }
    `);
    expect(config.services.a!.dependsOn).toEqual({ db: 'healthy', cache: 'healthy' });
    expect(config.services.b!.dependsOn).toEqual({ db: 'started', migrate: 'completed' });
    expect(config.services.c!.dependsOn).toEqual({ db: 'healthy', cache: 'healthy', migrate: 'healthy' });
  });

  it('stop_signal accepts the short name and normalises it', () => {
    for (const [written, signal] of [['TERM', 'SIGTERM'], ['SIGHUP', 'SIGHUP'], ['QUIT', 'SIGQUIT'], ['SIGUSR2', 'SIGUSR2']]) {
      const config = load(`services:\n  a: { command: a, stop_signal: ${written} }\n`);
      expect(config.services.a!.stopSignal).toBe(signal);
    }
  });
});
