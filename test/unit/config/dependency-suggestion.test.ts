// A depends_on naming an unknown service: the "did you mean" names another service that
// exists, never the service itself (a self-dependency) nor one it already depends on, and
// the problem keeps its file:line:col.
import { describe, expect, it } from 'vitest';
import { problems } from './helpers.js';

describe('depends_on: unknown service, did you mean', () => {
  it.each([
    ['its own name, misspelled', 'api: { command: a, depends_on: [apii] }', "stack.yaml:3:35 services.api.depends_on[0]: unknown service 'apii'"],
    ['its own name misspelled, another close name', 'apx: { command: a, depends_on: [apii] }\n  apie: { command: b }', "stack.yaml:3:35 services.apx.depends_on[0]: unknown service 'apii' (did you mean 'apie'?)"],
    ['a service that exists', 'api: { command: a, depends_on: [dbb] }', "stack.yaml:3:35 services.api.depends_on[0]: unknown service 'dbb' (did you mean 'db'?)"],
    ['one it already depends on', 'api: { command: a, depends_on: [db, dbb] }', "stack.yaml:3:39 services.api.depends_on[1]: unknown service 'dbb'"],
    ['the map form, its own name', 'api: { command: a, depends_on: { apii: { condition: started } } }', "stack.yaml:3:36 services.api.depends_on.apii: unknown service 'apii'"],
  ])('%s', (_what, service, expected) => {
    expect(problems(`services:\n  db: { command: d }\n  ${service}\n`)).toEqual([expected]);
  });
});
