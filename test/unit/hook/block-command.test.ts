import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockCommand } from '../../../src/hook/install.js';

let top: string;
let bin: string;

function write(rel: string, content: string): string {
  const file = path.join(top, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

const dependsOnStack = JSON.stringify({ name: 'app', devDependencies: { 'stack-supervisor': '^0.1.0' } });

beforeEach(() => {
  top = realpathSync(mkdtempSync(path.join(os.tmpdir(), "stack-hook it's ")));
  bin = write('tools/my bin/stack.js', '#!/usr/bin/env node\n');
  chmodSync(bin, 0o755);
});

afterEach(() => rmSync(top, { recursive: true, force: true }));

describe('blockCommand', () => {
  it('uses the stack bin by absolute, quoted path when stack is not a dependency', () => {
    const config = write('stack.yaml', 'services: {}\n');
    write('package.json', JSON.stringify({ name: 'app', dependencies: { express: '^5' } }));
    const command = blockCommand(top, { configFile: config, stackBin: bin, nodeBin: '/usr/bin/node' });
    expect(command).toEqual({ stack: `'${bin.replace(/'/g, `'\\''`)}'` });
  });

  it('runs the bin through node when it is not executable by itself', () => {
    const config = write('stack.yaml', 'services: {}\n');
    chmodSync(bin, 0o644);
    const command = blockCommand(top, { configFile: config, stackBin: bin, nodeBin: '/opt/node 20/bin/node' });
    expect(command.stack.startsWith(`'/opt/node 20/bin/node' '`)).toBe(true);
  });

  it('uses npx --no-install when the package at the repo top depends on stack', () => {
    const config = write('stack.yaml', 'services: {}\n');
    write('package.json', dependsOnStack);
    expect(blockCommand(top, { configFile: config, stackBin: bin, nodeBin: 'node' })).toEqual({ stack: 'npx --no-install stack' });
  });

  it('passes -f relative to the repo top when stack.yaml is not at the top', () => {
    const config = write('services/dev stack.yaml', 'services: {}\n');
    const command = blockCommand(top, { configFile: config, stackBin: bin, nodeBin: 'node' });
    expect(command.configFile).toBe('services/dev stack.yaml');
    expect(command.cwd).toBeUndefined();
  });

  it('passes -f for a stack.yaml at the top under another name', () => {
    const config = write('dev.yaml', 'services: {}\n');
    expect(blockCommand(top, { configFile: config, stackBin: bin, nodeBin: 'node' }).configFile).toBe('dev.yaml');
  });

  it('runs npx in the sub-package that depends on stack, where stack finds its stack.yaml itself', () => {
    const config = write('apps/web/stack.yaml', 'services: {}\n');
    write('apps/web/package.json', dependsOnStack);
    expect(blockCommand(top, { configFile: config, stackBin: bin, nodeBin: 'node' })).toEqual({
      stack: 'npx --no-install stack',
      cwd: 'apps/web',
    });
  });

  it('runs npx at the top with -f when the top package depends on stack and stack.yaml is deeper', () => {
    const config = write('apps/web/stack.yaml', 'services: {}\n');
    write('package.json', dependsOnStack);
    expect(blockCommand(top, { configFile: config, stackBin: bin, nodeBin: 'node' })).toEqual({
      stack: 'npx --no-install stack',
      configFile: 'apps/web/stack.yaml',
    });
  });
});
