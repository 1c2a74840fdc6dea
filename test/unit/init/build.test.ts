// planInit on each sample directory: the stack.yaml it renders loads with stack's own validator.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { planInit } from '../../../src/init/build.js';
import { parseConfig } from '../../../src/config/index.js';
import { fixturePath } from './helpers.js';

const plan = (dir: string, env: NodeJS.ProcessEnv = {}) => planInit({ target: path.join(fixturePath(dir), 'stack.yaml'), env, isFree: async () => true });

describe('planInit', () => {
  it.each<[string, string[]]>([
    ['procfile', ['web', 'worker', 'clock', 'release_phase']],
    ['compose-long', ['api', 'migrate']],
    ['compose-short', ['web', 'api']],
    ['package-workspaces', ['api', 'web']],
    ['package-single', ['blog-site']],
  ])('%s renders a stack.yaml that loads, with services %j (docker absent)', async (dir, services) => {
    const result = await plan(dir);
    expect(result.problems).toEqual([]);
    const config = parseConfig(result.text, path.join(fixturePath(dir), 'stack.yaml'), { env: {} });
    expect(Object.keys(config.services)).toEqual(services);
  });

  it('keeps the comments: where each service came from, and why a value is what it is', async () => {
    const { text } = await plan('procfile');
    expect(text).toContain('# yaml-language-server: $schema=./node_modules/stack-supervisor/stack.schema.json');
    expect(text).toContain('# Procfile:2: web\n  web:\n');
    expect(text).toMatch(/# set as \$PORT, as foreman numbers them.*\n\s+port: 6000/);
    expect(text).toContain('env_file: .env # read by every service');
  });

  it('moves a foreman port that is busy on this machine, and says so', async () => {
    const result = await planInit({ target: path.join(fixturePath('procfile'), 'stack.yaml'), env: {}, isFree: async (p) => p !== 6000 && p !== 6001 });
    expect(result.draft.services[0]!.fields.port).toBe(6002);
    expect(result.draft.notes).toContainEqual({ service: 'web', kind: 'guess', text: 'port 6000 is in use on this machine now: given 6002 instead' });
  });

  it('a broken compose file is a config problem at its line and column', async () => {
    await expect(plan('compose-broken')).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      details: [expect.stringMatching(/docker-compose\.yml:5:5 invalid YAML: flow sequence in block collection must be sufficiently indented/)],
    });
  });
});
