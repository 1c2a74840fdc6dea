// `stack doctor --staged`: which services the staged files are about. With `staleness:
// loaded`, a module the watch globs match is about the service only if it loaded it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StackConfig } from '../../../src/config/types.js';
import { servicesForFiles } from '../../../src/doctor/staged-services.js';
import { svcConfig } from './fixtures.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A project with db and api (api depends on db, loads server.js and ../shared/util.js), and the lists api's processes wrote. */
function project(lists: boolean): { root: string; config: StackConfig; loadedDir: (svc: string) => string } {
  const root = mkdtempSync(path.join(tmpdir(), 'stack-staged-'));
  roots.push(root);
  const loadedDir = (svc: string) => path.join(root, '.stack/run', svc, 'loaded');
  mkdirSync(loadedDir('api'), { recursive: true });
  if (lists) writeFileSync(path.join(loadedDir('api'), '42.list'), `${path.join(root, 'api/server.js')}\n${path.join(root, 'shared/util.js')}\n`);
  const services = {
    db: svcConfig('db', { cwd: path.join(root, 'db') }),
    api: svcConfig('api', { cwd: path.join(root, 'api'), staleness: 'loaded', watch: ['**/*.js', 'config/**'], dependsOn: { db: 'healthy' } }),
  };
  const config: StackConfig = { name: 't', file: path.join(root, 'stack.yaml'), root, logs: { maxBytes: 1, keep: 1 }, services };
  return { root, config, loadedDir };
}

describe('servicesForFiles with staleness: loaded', () => {
  it.each<[string, boolean, string[]]>([
    ['api/server.js', true, ['db', 'api']],
    ['shared/util.js', true, ['db', 'api']],
    ['api/config/app.json', true, ['db', 'api']],
    ['api/notes.js', true, []],
    ['shared/unused.js', true, []],
    // No lists yet (api never ran with the preload): the globs decide.
    ['api/notes.js', false, ['db', 'api']],
    ['shared/util.js', false, []],
  ])('%s (lists written: %s) → %j', (file, lists, expected) => {
    const { root, config, loadedDir } = project(lists);
    expect(servicesForFiles(config, [path.join(root, file)], loadedDir)).toEqual(expected);
  });
});
