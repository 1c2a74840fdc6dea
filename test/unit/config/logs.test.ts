import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/index.js';
import { ConfigError } from '../../../src/errors.js';
import { parseSize } from '../../../src/config/size.js';

const parse = (yaml: string) => parseConfig(yaml, '/tmp/stack.yaml', { env: {} });
const problems = (yaml: string): string[] => {
  try {
    parse(yaml);
  } catch (error) {
    if (error instanceof ConfigError) return error.details;
    throw error;
  }
  return [];
};

describe('logs: rotation settings', () => {
  it('defaults to 10MB × 3', () => {
    expect(parse('services:\n  a:\n    command: x\n').logs).toEqual({ maxBytes: 10 * 1024 * 1024, keep: 3 });
  });

  it('takes max_size with a unit and keep', () => {
    expect(parse('logs:\n  max_size: 512KB\n  keep: 5\nservices:\n  a:\n    command: x\n').logs).toEqual({ maxBytes: 512 * 1024, keep: 5 });
  });

  it('rejects a bare number, a bad keep and unknown keys with positions', () => {
    expect(problems('logs:\n  max_size: 10\n  keep: 0\n  rotate: yes\nservices:\n  a:\n    command: x\n')).toEqual([
      '/tmp/stack.yaml:2:13 logs.max_size: 10 has no unit; write "10MB" or "10KB"',
      '/tmp/stack.yaml:3:9 logs.keep: expected a whole number of at least 1, got a number (0)',
      "/tmp/stack.yaml:4:3 logs.rotate: unknown key 'rotate'",
    ]);
  });
});

describe('parseSize', () => {
  it.each([
    ['10MB', 10 * 1024 ** 2],
    ['1.5kb', 1536],
    ['2 GB', 2 * 1024 ** 3],
  ])('%s → %i bytes', (text, bytes) => expect(parseSize(text)).toEqual({ ok: true, bytes }));

  it('says what is wrong', () => {
    expect(parseSize('lots')).toEqual({ ok: false, message: '"lots" is not a size; write it like 10MB, 512KB or 1GB' });
    expect(parseSize('100B')).toEqual({ ok: false, message: '"100B" is too small; the least is 1KB' });
  });
});
