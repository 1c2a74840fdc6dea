import { chmodSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandWord, resolveExecutable } from '../../../src/doctor/command-word.js';

describe('commandWord', () => {
  it('is argv[0] for a list, the first word for a simple shell command', () => {
    expect(commandWord({ argv: ['node', 'server.js'] })).toBe('node');
    expect(commandWord({ shell: 'npx vite --port 3000' })).toBe('npx');
    expect(commandWord({ shell: '  ./bin/server --flag' })).toBe('./bin/server');
  });

  it('looks through VAR=value prefixes and exec', () => {
    expect(commandWord({ shell: 'NODE_ENV=dev DEBUG= node x.js' })).toBe('node');
    expect(commandWord({ shell: 'exec node x.js' })).toBe('node');
  });

  it('gives up on builtins, keywords and syntax it would have to interpret', () => {
    for (const shell of ['cd api && npm start', 'if true; then x; fi', '"my server" --x', '$HOME/bin/x', '(node a)', 'source .env', '`which node` x', '']) {
      expect(commandWord({ shell }), shell).toBeNull();
    }
  });
});

describe('resolveExecutable', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'doctor-cmd-'));
  mkdirSync(path.join(dir, 'bin'));
  writeFileSync(path.join(dir, 'bin', 'tool'), '#!/bin/sh\n');
  chmodSync(path.join(dir, 'bin', 'tool'), 0o755);
  writeFileSync(path.join(dir, 'bin', 'plain'), 'x');

  it('finds a name on PATH and a path relative to cwd', () => {
    expect(resolveExecutable('tool', '/', path.join(dir, 'bin'))).toBe(path.join(dir, 'bin', 'tool'));
    expect(resolveExecutable('./bin/tool', dir, '')).toBe(path.join(dir, 'bin', 'tool'));
  });

  it('refuses missing, non-executable files and directories', () => {
    expect(resolveExecutable('nope', dir, path.join(dir, 'bin'))).toBeNull();
    expect(resolveExecutable('./bin/plain', dir, '')).toBeNull();
    expect(resolveExecutable('bin', dir, dir)).toBeNull();
    expect(resolveExecutable('node', dir, undefined)).toBeNull();
  });
});
