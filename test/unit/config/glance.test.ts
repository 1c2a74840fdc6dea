import { describe, expect, it } from 'vitest';
import { glanceServices } from '../../../src/config/glance.js';

describe('glanceServices', () => {
  it.each([
    ['block style', 'name: x\nservices:\n  api:\n    command: node a.js\n    cwd: api\n    port: 4000\n  web:\n    port: 3000 # dev\n', [
      { name: 'api', cwd: 'api', port: 4000 },
      { name: 'web', cwd: null, port: 3000 },
    ]],
    ['quoted values and keys, comments and blank lines', 'services:\n\n  # the api\n  "api":\n      cwd: "./svc/api"   # here\n      port: \'4001\'\n', [{ name: 'api', cwd: './svc/api', port: 4001 }]],
    ['nested keys are not the service\'s own', 'services:\n  api:\n    env:\n      port: 9\n      cwd: elsewhere\n    health:\n      port: 8\n', [{ name: 'api', cwd: null, port: null }]],
    ['what it cannot read for sure is left out', 'services:\n  a:\n    cwd: ${HOME}/x\n    port: ${PORT}\n  b:\n    port: auto\n    cwd: [x]\n  c: { cwd: c, port: 1 }\n', [
      { name: 'a', cwd: null, port: null },
      { name: 'b', cwd: null, port: null },
      { name: 'c', cwd: null, port: null },
    ]],
    ['only under the top-level services key', 'x-services:\n  fake:\n    port: 1\nservices:\n  real:\n    port: 2\nlogs:\n  max_size: 1MB\n', [{ name: 'real', cwd: null, port: 2 }]],
    ['nothing to glance at', 'name: x\n', []],
  ])('%s', (_what, text, expected) => {
    expect(glanceServices(text)).toEqual(expected);
  });
});
