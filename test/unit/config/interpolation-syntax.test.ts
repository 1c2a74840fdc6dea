import { describe, expect, it } from 'vitest';
import { interpolate, type Lookup } from '../../../src/config/interpolation-syntax.js';
import { load, problems, yaml } from './helpers.js';

const vars: Record<string, string> = { HOST: 'db.local', EMPTY: '', NAME: 'shop' };
const lookup = (name: string): Lookup =>
  Object.hasOwn(vars, name) ? { value: vars[name]! } : { missing: `\${${name}} is not set` };

describe('interpolate (the grammar)', () => {
  it.each([
    ['plain text', 'plain text'],
    ['${HOST}:5432', 'db.local:5432'],
    ['${MISSING:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${HOST:-fallback}', 'db.local'],
    ['${MISSING:-${HOST}}', 'db.local'],
    ['${MISSING:-}', ''],
    ['${MISSING:-a}}', 'a}'],
    ['$$HOME', '$HOME'],
    ['$$${NAME}', '$shop'],
    ['$HOME stays for the shell', '$HOME stays for the shell'],
    ['^ready$', '^ready$'],
    ['cost: 5$', 'cost: 5$'],
    ['${NAME}-${NAME}', 'shop-shop'],
  ])('%j → %j', (input, value) => {
    expect(interpolate(input, lookup)).toEqual({ value, errors: [], incomplete: false });
  });

  it('reports unset variables, bad names and unclosed braces', () => {
    expect(interpolate('${MISSING}', lookup).errors).toEqual([{ message: '${MISSING} is not set', token: '${MISSING}' }]);
    expect(interpolate('${}', lookup).errors[0]?.message).toBe("'${}' names no variable");
    expect(interpolate('${A-b}', lookup).errors[0]).toEqual({
      message: "'${A-b}' is not a valid reference",
      hint: 'write ${NAME}, ${NAME:-default} or ${service.port}',
      token: '${A-b}',
    });
    expect(interpolate('${VAR:?required}', lookup).errors[0]?.message).toBe("'${VAR:?required}' is not a valid reference");
    expect(interpolate('x ${HOST', lookup)).toEqual({
      value: 'x ${HOST',
      errors: [{ message: "'${HOST' has no closing }", hint: 'write $$ for a literal $', token: '${' }],
      incomplete: true,
    });
  });

  it('marks a value incomplete when a reference stays unresolved without a message', () => {
    const quiet = (): Lookup => ({ unresolved: true });
    expect(interpolate('a ${X} b', quiet)).toEqual({ value: 'a  b', errors: [], incomplete: true });
    expect(interpolate('a ${X:-x} b', quiet)).toEqual({ value: 'a x b', errors: [], incomplete: false });
  });

  it('stops at defaults nested absurdly deep', () => {
    const deep = '${A:-'.repeat(50) + 'x' + '}'.repeat(50);
    expect(interpolate(deep, lookup).errors[0]?.message).toMatch(/nests defaults too deeply/);
  });
});

describe('interpolation in stack.yaml', () => {
  it('${PORT} is the service’s own port; ${svc.port} another service’s', () => {
    const config = load(yaml`
      services:
        db:
          command: node db.js --port \${PORT}
          port: 5433
        api:
          command: [node, api.js, --port, "\${PORT}"]
          port: 4000
          env:
            DATABASE_URL: postgres://localhost:\${db.port}/shop
          health: { http: "http://localhost:\${PORT}/health" }
    `);
    expect(config.services.db!.command).toEqual({ shell: 'node db.js --port 5433' });
    expect(config.services.api!.command).toEqual({ argv: ['node', 'api.js', '--port', '4000'] });
    expect(config.services.api!.env.DATABASE_URL).toBe('postgres://localhost:5433/shop');
    expect(config.services.api!.health.probe).toEqual({ kind: 'http', url: 'http://localhost:4000/health' });
  });

  it('a port may come from the environment, as a numeric string', () => {
    const source = yaml`
      services:
        api: { command: a, port: "\${API_PORT:-4000}" }
        web: { command: w, env: { API: "http://localhost:\${api.port}" } }
    `;
    expect(load(source).services.api!.port).toBe(4000);
    const config = load(source, { env: { API_PORT: '4100' } });
    expect(config.services.api!.port).toBe(4100);
    expect(config.services.api!.env.PORT).toBe('4100');
    expect(config.services.web!.env.API).toBe('http://localhost:4100');
  });

  it('looks up the environment, then env:, then env files', () => {
    const config = load(
      yaml`
        env:
          HOST: localhost
          URL: "http://\${HOST}:\${db.port}"
        services:
          db: { command: "db --user \${USER}", port: 5432 }
          api: { command: "api --host \${HOST}", env: { U: "\${URL}" } }
      `,
      { env: { USER: 'me', HOST: 'from-shell' } },
    );
    expect(config.services.db!.command).toEqual({ shell: 'db --user me' });
    expect(config.services.api!.command).toEqual({ shell: 'api --host from-shell' });
    expect(config.services.api!.env.U).toBe('http://from-shell:5432');
    // The env: map itself is passed as written (interpolated), not overridden by the shell.
    expect(config.services.api!.env.HOST).toBe('localhost');
  });

  it('works with process.env itself', () => {
    const config = load('services:\n  a: { command: "echo ${HOME}" }\n', { env: process.env });
    expect(config.services.a!.command).toEqual({ shell: `echo ${process.env.HOME}` });
  });

  it('keeps $$ and bare $ for the shell', () => {
    const config = load(yaml`
      services:
        a: { command: "echo $$HOME $PATH \${X:-x}", health: { log: "^ready$" } }
    `);
    expect(config.services.a!.command).toEqual({ shell: 'echo $HOME $PATH x' });
    expect(config.services.a!.health.probe).toEqual({ kind: 'log', pattern: '^ready$' });
  });

  it('does not interpolate keys, or x- blocks that are never used', () => {
    const config = load(yaml`
      x-unused: "\${NOT_SET}"
      services:
        a: { command: a, env: { "\${KEY}": v } }
    `);
    expect(config.services.a!.env).toEqual({ '${KEY}': 'v' });
  });

  it('an anchor used by several services takes each one’s own ${PORT}', () => {
    const config = load(yaml`
      x-health: &health
        http: "http://localhost:\${PORT}/health"
      services:
        a: { command: a, port: 3001, health: *health }
        b: { command: b, port: 3002, health: *health }
    `);
    expect(config.services.a!.health.probe).toEqual({ kind: 'http', url: 'http://localhost:3001/health' });
    expect(config.services.b!.health.probe).toEqual({ kind: 'http', url: 'http://localhost:3002/health' });
  });

  it('reports each unresolved reference where it is written', () => {
    expect(
      problems(yaml`
        name: \${PROJECT}
        services:
          api:
            command: node api.js --db \${DB_HOST}:\${dbb.port}
            env:
              CACHE: "\${cache.port}"
              SELF: "\${PORT}"
              WHAT: "\${db.host}"
          db:
            command: node db.js
            port: 5432
          cache:
            command: node cache.js
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:1:7 name: \${PROJECT} is not set; export it, add it under env:, or write \${PROJECT:-value}",
        "stack.yaml:4:31 services.api.command: \${DB_HOST} is not set; export it, add it under env:, or write \${DB_HOST:-value}",
        "stack.yaml:4:42 services.api.command: \${dbb.port} refers to an unknown service 'dbb' (did you mean 'db.port'?)",
        "stack.yaml:6:15 services.api.env.CACHE: \${cache.port}: services.cache has no port",
        "stack.yaml:7:14 services.api.env.SELF: \${PORT} is not set: services.api has no port; add port: or write \${PORT:-value}",
        "stack.yaml:8:14 services.api.env.WHAT: \${db.host} is not available; only \${db.port} can be referenced",
      ]
    `);
  });

  it('reports reference loops instead of following them', () => {
    expect(
      problems(yaml`
        env:
          A: "\${B}"
          B: "\${A}"
        services:
          a: { command: a, port: "\${b.port}" }
          b: { command: b, port: "\${a.port}" }
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:3:7 env.B: \${A} refers back to itself",
        "stack.yaml:6:27 services.b.port: \${a.port} refers back to itself",
      ]
    `);
  });

  it('reports syntax errors in references', () => {
    expect(
      problems(yaml`
        services:
          a: { command: "echo \${}", cwd: "\${HOME", build: "\${A-b}" }
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:2:23 services.a.command: '\${}' names no variable (write \${NAME}, \${NAME:-default} or \${service.port})",
        "stack.yaml:2:35 services.a.cwd: '\${HOME' has no closing } (write $$ for a literal $)",
        "stack.yaml:2:52 services.a.build: '\${A-b}' is not a valid reference (write \${NAME}, \${NAME:-default} or \${service.port})",
      ]
    `);
  });
});
