// staleness: loaded, the pure parts: which commands run Node, which loaded files count,
// and the NODE_OPTIONS that keeps the user's own.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countsAsLoaded, runsNode, runsPython, withPreload, withPythonPath } from '../../../../src/daemon/service/loaded-decision.js';
import type { Command } from '../../../../src/config/types.js';
import { countsByGlob } from '../../../../src/runtime/sources/loaded-lists.js';

describe('runsNode', () => {
  const rows: [Command, boolean][] = [
    [{ shell: 'node server.js' }, true],
    [{ shell: 'exec node server.js' }, true],
    [{ shell: 'NODE_ENV=dev PORT=1 npm run dev' }, true],
    [{ shell: 'env DEBUG=1 npx vite' }, true],
    [{ argv: ['/usr/local/bin/node', 'server.js'] }, true],
    [{ argv: ['pnpm', 'start'] }, true],
    [{ shell: './server.mjs' }, true],
    [{ shell: 'tsx watch src/main.ts' }, true],
    [{ shell: 'python3 app.py' }, false],
    [{ argv: ['redis-server', '--port', '6379'] }, false],
    [{ shell: './start.sh' }, false],
    [{ shell: '' }, false],
  ];
  it.each(rows)('%j → %s', (command, expected) => {
    expect(runsNode(command)).toBe(expected);
  });
});

describe('runsPython', () => {
  const rows: [Command, boolean][] = [
    [{ shell: 'python3 app.py' }, true],
    [{ shell: 'exec python3.12 -m uvicorn main:app' }, true],
    [{ argv: ['/usr/bin/python', 'manage.py', 'runserver'] }, true],
    [{ shell: 'gunicorn app:app' }, true],
    [{ shell: './serve.py' }, true],
    [{ shell: 'node server.js' }, false],
    [{ argv: ['ruby', 'app.rb'] }, false],
  ];
  it.each(rows)('%j → %s', (command, expected) => {
    expect(runsPython(command)).toBe(expected);
  });
});

describe('countsAsLoaded', () => {
  const root = path.join(path.sep, 'repo');
  const rows: [string, boolean][] = [
    ['api/server.js', true],
    ['shared/util.js', true],
    ['api/node_modules/express/index.js', false],
    ['node_modules/.pnpm/x/index.js', false],
    ['.stack/run/api/x.js', false],
    ['../elsewhere/npm/lib/cli.js', false],
  ];
  it.each(rows)('%s → %s', (rel, expected) => {
    expect(countsAsLoaded(path.join(root, rel), root)).toBe(expected);
  });
});

describe('withPythonPath', () => {
  it("puts stack's directory first and keeps the user's PYTHONPATH", () => {
    expect(withPythonPath(undefined, '/p/.stack/run/api/python')).toBe('/p/.stack/run/api/python');
    expect(withPythonPath('/my/libs', '/s')).toBe(`/s${path.delimiter}/my/libs`);
  });
});

describe('withPreload', () => {
  it("keeps the user's options first and quotes the preload's path", () => {
    expect(withPreload(undefined, '/opt/stack/dist/preload/record-loads.cjs')).toBe('--require "/opt/stack/dist/preload/record-loads.cjs"');
    expect(withPreload('  --max-old-space-size=100 ', '/a b/p.cjs')).toBe('--max-old-space-size=100 --require "/a b/p.cjs"');
    expect(withPreload('', '/p.cjs')).toBe('--require "/p.cjs"');
  });
});

describe('countsByGlob: with staleness: loaded, a module the watch globs match counts only once loaded', () => {
  const loaded = new Set(['server.js', 'lib/route.mjs', 'app.py']);
  it.each<[string, boolean]>([
    ['server.js', true],
    ['lib/route.mjs', true],
    ['app.py', true],
    ['notes.js', false],
    ['test/api.test.ts', false],
    ['types/index.d.ts', false],
    ['lib/old.cjs', false],
    ['ui/button.tsx', false],
    ['tools/seed.py', false],
    // What a process reads without require/import: config, templates, data.
    ['config/app.json', true],
    ['views/index.hbs', true],
    ['.env.local', true],
    ['schema.sql', true],
    ['README.md', true],
  ])('%s → %s', (file, expected) => {
    expect(countsByGlob(file, (f) => loaded.has(f))).toBe(expected);
  });
});
