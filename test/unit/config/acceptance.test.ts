import { describe, expect, it } from 'vitest';
import { ConfigError, formatProblem } from '../../../src/errors.js';
import { configError, yaml } from './helpers.js';

describe('a file with several mistakes', () => {
  const source = yaml`
    name: shop
    services:
      db:
        command: node db.js
        port: 5433
      api:
        comand: node api.js
        port: 4000
        depends_on: [dbb, worker]
      worker:
        command: node worker.js
        depends_on: [api]
  `;

  it('reports the typo, the unknown dependency and the cycle in one ConfigError', () => {
    const error = configError(source);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('stack.yaml has 3 problems:');
    expect(error.details).toMatchInlineSnapshot(`
      [
        "stack.yaml:7:5 services.api.comand: unknown key 'comand' (did you mean 'command'?)",
        "stack.yaml:9:18 services.api.depends_on[0]: unknown service 'dbb' (did you mean 'db'?)",
        "stack.yaml:9:23 services.api.depends_on[1]: dependency cycle: api → worker → api",
      ]
    `);
  });

  it('keeps each problem as data for --json and doctor', () => {
    const error = configError(source);
    expect(error.problems[0]).toEqual({
      file: 'stack.yaml',
      line: 7,
      col: 5,
      path: 'services.api.comand',
      message: "unknown key 'comand'",
      hint: "did you mean 'command'?",
      check: 'config-invalid',
    });
    expect(error.problems.map((p) => p.check)).toEqual(['config-invalid', 'dependency-missing', 'dependency-cycle']);
    expect(error.problems.map(formatProblem)).toEqual(error.details);
  });
});
