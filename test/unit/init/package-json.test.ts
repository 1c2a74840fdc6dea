// package.json → services: dev (else start) scripts, workspaces, the package manager, ports from scripts.
import { describe, expect, it } from 'vitest';
import { runCommand, translatePackage, type PackageInfo } from '../../../src/init/package-json.js';

const pkg = (dir: string, manifest: Record<string, unknown>): PackageInfo => ({ dir, manifest });

describe('translatePackage', () => {
  it.each<[string, Record<string, string>, Record<string, unknown> | undefined]>([
    ['dev wins over start', { dev: 'node --watch s.js', start: 'node s.js' }, { command: 'npm run dev' }],
    ['start when there is no dev', { start: 'node s.js' }, { command: 'npm start' }],
    ['--port N', { dev: 'vite --port 3001' }, { command: 'npm run dev', port: 3001 }],
    ['-p N', { dev: 'next dev -p 4000' }, { command: 'npm run dev', port: 4000 }],
    ['PORT=N', { dev: 'PORT=8000 node s.js' }, { command: 'npm run dev', port: 8000 }],
    ["next's default", { dev: 'next dev' }, { command: 'npm run dev', port: 3000 }],
    ["vite's default", { dev: 'vite' }, { command: 'npm run dev', port: 5173 }],
    ['no port to be found', { dev: 'tsc -w' }, { command: 'npm run dev' }],
    ['neither script', { build: 'tsc' }, undefined],
  ])('%s', (_label, scripts, fields) => {
    const draft = translatePackage({ root: pkg('.', { name: 'app', scripts }), workspaces: [], runner: 'npm' });
    expect(draft.services[0]?.fields).toEqual(fields);
  });

  it.each<[Parameters<typeof runCommand>[0], string, string]>([
    ['npm', 'dev', 'npm run dev'],
    ['npm', 'start', 'npm start'],
    ['pnpm', 'dev', 'pnpm run dev'],
    ['yarn', 'dev', 'yarn dev'],
    ['bun', 'start', 'bun run start'],
  ])('%s runs %s as %s', (runner, script, command) => {
    expect(runCommand(runner, script)).toBe(command);
  });

  it('workspaces: one service each, in its directory, named after its package; the root script that runs them all is left out', () => {
    const draft = translatePackage({
      root: pkg('.', { name: 'shop', scripts: { dev: 'npm run dev --workspaces' } }),
      workspaces: [pkg('apps/api', { name: '@shop/api', scripts: { dev: 'node s.js --port 4000' } }), pkg('apps/web', { name: '@shop/web', scripts: { dev: 'vite' } }), pkg('apps/docs', { name: 'docs' })],
      runner: 'pnpm',
      runnerFrom: 'pnpm-lock.yaml',
    });
    expect(draft.services.map((s) => [s.name, s.fields])).toEqual([
      ['api', { command: 'pnpm run dev', cwd: 'apps/api', port: 4000 }],
      ['web', { command: 'pnpm run dev', cwd: 'apps/web', port: 5173 }],
    ]);
    expect(draft.notes.map((n) => n.text)).toEqual(
      expect.arrayContaining([
        "the root package's dev script (npm run dev --workspaces) was left out: stack runs each workspace's own",
        'workspace apps/docs has no dev or start script; left out',
        'runs scripts with pnpm (pnpm-lock.yaml is there)',
      ]),
    );
  });

  it('two vite apps do not get the same port', () => {
    const draft = translatePackage({
      root: pkg('.', {}),
      workspaces: [pkg('a', { name: 'a', scripts: { dev: 'vite' } }), pkg('b', { name: 'b', scripts: { dev: 'vite' } })],
      runner: 'npm',
    });
    expect(draft.services.map((s) => s.fields.port)).toEqual([5173, undefined]);
    expect(draft.notes.find((n) => n.service === 'b')?.text).toBe('vite would use 5173, which another service has: give it its own port (pass --port ${PORT})');
  });
});
