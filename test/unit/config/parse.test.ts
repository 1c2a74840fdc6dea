import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { ConfigError, StackError } from '../../../src/errors.js';
import { configError, load, problems, tempDir, writeFiles, yaml } from './helpers.js';

describe('documents that are not a stack file', () => {
  it('empty file', () => {
    expect(problems('')).toMatchInlineSnapshot(`
      [
        "stack.yaml is empty (it needs at least a services: map, e.g. services: { web: { command: \"npm start\" } })",
      ]
    `);
    expect(problems('# only a comment\n')).toEqual(problems(''));
  });

  it('a list, a scalar', () => {
    expect(problems('- api\n- db\n')).toMatchInlineSnapshot(`
      [
        "stack.yaml:1:1 expected a map with services: at the top level, got a list",
      ]
    `);
    expect(problems('just text\n')).toMatchInlineSnapshot(`
      [
        "stack.yaml:1:1 expected a map with services: at the top level, got "just text"",
      ]
    `);
  });

  it('YAML syntax errors, with line:col', () => {
    expect(problems('services:\n  api: { command: node\n  db: {}\n')).toMatchInlineSnapshot(`
      [
        "stack.yaml:3:3 invalid YAML: flow map in block collection must be sufficiently indented and end with a }",
      ]
    `);
    expect(problems('services:\n\tapi: {}\n')).toMatchInlineSnapshot(`
      [
        "stack.yaml:2:1 invalid YAML: tabs are not allowed as indentation",
      ]
    `);
    expect(problems('services:\n  api: {command: "unclosed}\n')).toMatchInlineSnapshot(`
      [
        "stack.yaml:3:1 invalid YAML: missing closing "quote",
        "stack.yaml:3:1 invalid YAML: flow map in block collection must be sufficiently indented and end with a }",
      ]
    `);
  });

  it('several documents', () => {
    expect(problems('services: { a: { command: a } }\n---\nservices: {}\n')).toMatchInlineSnapshot(`
      [
        "stack.yaml:2:1 holds more than one YAML document (a second ---); a stack file is one document",
      ]
    `);
  });

  it('duplicate keys', () => {
    expect(
      problems(yaml`
        services:
          api: { command: a, port: 1, port: 2 }
          api: { command: b }
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:2:31 duplicate key 'port'",
        "stack.yaml:3:3 duplicate key 'api'",
      ]
    `);
  });
});

// Each case must end (as problems, or a config) rather than hang or exhaust memory: the
// timeout is the hang guard. How fast they end is measured in bench/ (npm run bench), where
// a slow machine cannot fail a test.
describe('hostile input ends with a problem, not a hang', { timeout: 30_000 }, () => {
  it('an alias bomb (billion laughs)', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`x-${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const source = `${levels.join('\n').replace(/^a:/, 'x-a:')}\nservices: { api: { command: a } }\n`;
    expect(problems(source)).toMatchInlineSnapshot(`
      [
        "stack.yaml:1:1 uses YAML aliases (*name) too many times; expanding them would exhaust memory (use fewer aliases, or repeat the values)",
      ]
    `);
  });

  it('deep nesting', () => {
    expect(problems(`services: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`)).toMatchInlineSnapshot(`
      [
        "stack.yaml:1:75 is nested more than 64 levels deep",
      ]
    `);
    expect(problems(`x-deep: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\nservices: { a: { command: a } }\n`)).toHaveLength(1);
    expect(problems(`services:\n  a:\n    ${'- '.repeat(100_000)}x\n`)).toMatchInlineSnapshot(`
      [
        "stack.yaml:3:131 is nested more than 64 levels deep",
      ]
    `);
    const block = Array.from({ length: 500 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n');
    expect(problems(`services:\n${block} 1\n`)).toMatchInlineSnapshot(`
      [
        "stack.yaml:66:67 is nested more than 64 levels deep",
      ]
    `);
  });

  it('a self-referencing alias', () => {
    expect(problems('services: &s\n  api: *s\n')).toMatchInlineSnapshot(`
      [
        "stack.yaml:2:3 services.api: missing required key 'command'",
        "stack.yaml:2:3 services.api.api: unknown key 'api'",
      ]
    `);
  });

  it('a huge document', () => {
    expect(problems(`services:\n${'  # padding\n'.repeat(60_000)}`)).toMatchInlineSnapshot(`
      [
        "stack.yaml is 703 KB; a stack file can be at most 512 KB",
      ]
    `);
  });

  it('thousands of services, in a chain', () => {
    const count = 3000;
    const lines = Array.from({ length: count }, (_, i) => `  s${i}: { command: x${i + 1 < count ? `, depends_on: [s${i + 1}]` : ''} }`);
    const config = load(`services:\n${lines.join('\n')}\n`);
    expect(Object.keys(config.services)).toHaveLength(count);
  });

  it('names that are properties of every JavaScript object', () => {
    expect(
      problems(yaml`
        env: { __proto__: x }
        services:
          __proto__: { command: a }
          constructor: { command: b, depends_on: [toString, hasOwnProperty] }
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:1:8 env.__proto__: '__proto__' cannot be used as a name",
        "stack.yaml:3:3 services.__proto__: '__proto__' cannot be used as a name",
        "stack.yaml:4:43 services.constructor.depends_on[0]: unknown service 'toString'",
        "stack.yaml:4:53 services.constructor.depends_on[1]: unknown service 'hasOwnProperty'",
      ]
    `);
    const config = load('services:\n  constructor: { command: "echo ${toString:-ok}" }\n');
    expect(Object.values(config.services)[0]!.command).toEqual({ shell: 'echo ok' });
  });
});

describe('a bug inside the loader', () => {
  it('still ends as a ConfigError sentence, keeping the cause', () => {
    const env = new Proxy({} as NodeJS.ProcessEnv, {
      getOwnPropertyDescriptor() {
        throw new Error('boom');
      },
    });
    const error = configError('services:\n  a: { command: "echo ${X}" }\n', { env });
    expect(error.details).toEqual(['stack.yaml could not be read because of an internal error (boom); please report it']);
    expect((error.cause as Error).message).toBe('boom');
  });
});

describe('loadConfig', () => {
  it('reads the file and resolves paths against its directory', () => {
    const dir = tempDir();
    writeFiles(dir, { 'stack.yaml': 'services:\n  api: { command: node api.js, cwd: api }\n', 'api/.keep': '' });
    const config = loadConfig(path.join(dir, 'stack.yaml'), { env: {} });
    expect(config.name).toBe(path.basename(dir));
    expect(config.services.api!.cwd).toBe(path.join(dir, 'api'));
  });

  it('a missing file is CONFIG_NOT_FOUND', () => {
    const dir = tempDir();
    const file = path.join(dir, 'stack.yaml');
    let error: unknown;
    try {
      loadConfig(file, { env: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StackError);
    expect(error).not.toBeInstanceOf(ConfigError);
    expect((error as StackError).code).toBe('CONFIG_NOT_FOUND');
    expect((error as StackError).exitCode).toBe(2);
    expect((error as StackError).message).toBe(`${file} does not exist`);
  });

  it('a directory or an oversized file is a ConfigError', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'big.yaml'), `services:\n${'#'.repeat(600 * 1024)}\n`);
    const details = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        if (e instanceof ConfigError) return e.details.map((d) => d.replaceAll(dir, '<dir>'));
        throw e;
      }
      throw new Error('expected a ConfigError');
    };
    expect(details(() => loadConfig(dir, { env: {} }))).toEqual(['<dir> is a directory, not a stack file']);
    expect(details(() => loadConfig(path.join(dir, 'big.yaml'), { env: {} }))).toEqual([
      '<dir>/big.yaml is 600 KB; a stack file can be at most 512 KB',
    ]);
  });
});

describe('positions', () => {
  it('follow aliases and merge keys to where the value is written', () => {
    expect(
      problems(yaml`
        x-base: &base
          restart: sometimes
          health: { interval: 2 }
        services:
          api:
            <<: *base
            command: a
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:2:12 services.api.restart: expected "always", "on-failure" or "no", got "sometimes"",
        "stack.yaml:3:23 services.api.health.interval: 2 has no unit; write "2s" for seconds or "2ms" for milliseconds",
      ]
    `);
  });

  it('the file path is relative to the current directory when under it, else absolute', () => {
    expect(configError('services: {}\n', { file: path.join(process.cwd(), 'sub', 'stack.yaml') }).problems[0]!.file).toBe(
      path.join('sub', 'stack.yaml'),
    );
    expect(configError('services: {}\n', { file: '/elsewhere/stack.yaml' }).problems[0]!.file).toBe('/elsewhere/stack.yaml');
  });
});
