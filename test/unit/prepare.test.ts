// `prepare` (scripts/prepare.mjs) builds only when dist/ was not built from the sources
// here: npm 11's `npx stack` in a checkout runs it again before every clone's first
// command. It compares contents, not mtimes (a checkout touches files it leaves alone).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no types
import { inputsHash, upToDate } from '../../scripts/prepare.mjs';

const PREPARE = fileURLToPath(new URL('../../scripts/prepare.mjs', import.meta.url));
const hashOf = inputsHash as (root: string) => string;
const isUpToDate = upToDate as (root: string) => boolean;

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function checkout(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'stack-prepare-'));
  roots.push(root);
  for (const [file, text] of Object.entries({ 'package.json': '{}\n', 'src/a.ts': 'export const a = 1;\n', 'web/src/b.ts': 'export {};\n' })) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe('prepare: is dist/ built from these sources?', () => {
  it.each<[string, (root: string) => void, boolean]>([
    ['a touched source', (root) => utimesSync(path.join(root, 'src/a.ts'), new Date(), new Date(Date.now() + 60_000)), true],
    ['a source saved unchanged', (root) => writeFileSync(path.join(root, 'src/a.ts'), 'export const a = 1;\n'), true],
    ['something under node_modules or a dot-directory', (root) => { mkdirSync(path.join(root, 'src/node_modules'), { recursive: true }); writeFileSync(path.join(root, 'src/node_modules/x.js'), ''); mkdirSync(path.join(root, 'web/.cache')); writeFileSync(path.join(root, 'web/.cache/y'), ''); }, true],
    ['a file outside the inputs (README, test/)', (root) => { writeFileSync(path.join(root, 'README.md'), '# x\n'); mkdirSync(path.join(root, 'test')); writeFileSync(path.join(root, 'test/t.ts'), ''); }, true],
    ['an edited source', (root) => writeFileSync(path.join(root, 'src/a.ts'), 'export const a = 2;\n'), false],
    ['a new source', (root) => writeFileSync(path.join(root, 'src/c.ts'), ''), false],
    ['a renamed source', (root) => { writeFileSync(path.join(root, 'src/z.ts'), 'export const a = 1;\n'); rmSync(path.join(root, 'src/a.ts')); }, false],
    ['package.json edited', (root) => writeFileSync(path.join(root, 'package.json'), '{"dependencies":{}}\n'), false],
    ['a lockfile appeared', (root) => writeFileSync(path.join(root, 'package-lock.json'), '{}\n'), false],
  ])('%s → same hash: %s', (_what, change, same) => {
    const root = checkout();
    const before = hashOf(root);
    change(root);
    expect(hashOf(root) === before).toBe(same);
  });

  it('a checkout whose stamp matches but whose outputs are gone is not up to date', () => {
    const root = checkout();
    mkdirSync(path.join(root, 'dist'));
    writeFileSync(path.join(root, 'dist/.built-from'), `${hashOf(root)}\n`);
    expect(isUpToDate(root)).toBe(false);
  });

  it('the build this test run made stamped what it built: prepare has nothing to do', () => {
    const check = spawnSync(process.execPath, [PREPARE, '--check'], { encoding: 'utf8' });
    expect(check.status, `dist/ is not what these sources build (npm run build rebuilds it) ${check.stdout}${check.stderr}`).toBe(0);
  });
});
