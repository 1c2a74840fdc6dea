import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfigFile } from '../../../src/config/index.js';
import { StackError } from '../../../src/errors.js';
import { tempDir, writeFiles } from './helpers.js';

function notFound(fn: () => unknown): StackError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StackError) return error;
    throw error;
  }
  throw new Error('expected CONFIG_NOT_FOUND');
}

describe('findConfigFile', () => {
  it('finds stack.yaml in the nearest parent, like git finds .git', () => {
    const dir = tempDir();
    writeFiles(dir, { 'stack.yaml': 'services: {}\n', 'a/stack.yml': 'services: {}\n', 'a/b/c/file.txt': '' });
    expect(findConfigFile({ cwd: path.join(dir, 'a/b/c'), env: {} })).toBe(path.join(dir, 'a/stack.yml'));
    expect(findConfigFile({ cwd: dir, env: {} })).toBe(path.join(dir, 'stack.yaml'));
  });

  it('prefers stack.yaml over stack.yml in the same directory', () => {
    const dir = tempDir();
    writeFiles(dir, { 'stack.yml': '', 'stack.yaml': '' });
    expect(findConfigFile({ cwd: dir, env: {} })).toBe(path.join(dir, 'stack.yaml'));
  });

  it('skips a directory called stack.yaml', () => {
    const dir = tempDir();
    writeFiles(dir, { 'stack.yaml': '', 'sub/stack.yaml/x': '' });
    expect(findConfigFile({ cwd: path.join(dir, 'sub'), env: {} })).toBe(path.join(dir, 'stack.yaml'));
  });

  it('uses $STACK_FILE, relative to cwd', () => {
    const dir = tempDir();
    writeFiles(dir, { 'stack.yaml': '', 'conf/other.yaml': '' });
    expect(findConfigFile({ cwd: dir, env: { STACK_FILE: 'conf/other.yaml' } })).toBe(path.join(dir, 'conf/other.yaml'));
  });

  it('-f wins over $STACK_FILE', () => {
    const dir = tempDir();
    writeFiles(dir, { 'a.yaml': '', 'b.yaml': '' });
    expect(findConfigFile({ file: 'a.yaml', cwd: dir, env: { STACK_FILE: 'b.yaml' } })).toBe(path.join(dir, 'a.yaml'));
  });

  it('-f to a missing file says so, with exit code 2 and a hint', () => {
    const dir = tempDir();
    const error = notFound(() => findConfigFile({ file: 'nope.yaml', cwd: dir, env: {} }));
    expect(error.code).toBe('CONFIG_NOT_FOUND');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`no stack file at ${path.join(dir, 'nope.yaml')} (given with -f)`);
    // Not "create a stack.yaml … or pass -f": they passed -f.
    expect(error.hint).toBe('check the path given with -f (it is relative to the current directory)');
  });

  it('$STACK_FILE to a missing file says where it came from', () => {
    const dir = tempDir();
    const error = notFound(() => findConfigFile({ cwd: dir, env: { STACK_FILE: '/nowhere/stack.yaml' } }));
    expect(error.message).toBe('no stack file at /nowhere/stack.yaml (from $STACK_FILE)');
    expect(error.hint).toBe('check $STACK_FILE, or unset it to look for stack.yaml from the current directory up');
  });

  it('-f to a directory', () => {
    const dir = tempDir();
    const error = notFound(() => findConfigFile({ file: '.', cwd: dir, env: {} }));
    expect(error.message).toBe(`${dir} is a directory, not a stack file`);
  });

  it('nothing found names where it looked', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'deep'));
    const error = notFound(() => findConfigFile({ cwd: path.join(dir, 'deep'), env: {} }));
    // A stack.yaml above the temp dir would be found instead; none exists in a fresh tmpdir tree.
    expect(error.code).toBe('CONFIG_NOT_FOUND');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`no stack.yaml or stack.yml in ${path.join(dir, 'deep')} or any parent directory`);
  });
});
