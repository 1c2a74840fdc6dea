/** `memory_limit:`: binary units, several spellings, and a sentence with the position for a bad value. */
import { describe, expect, it } from 'vitest';
import { parseSize } from '../../../src/config/size.js';
import { MEMORY_SIZE } from '../../../src/config/fields.js';
import { load, problems } from './helpers.js';

const MB = 1024 ** 2;

describe('memory_limit sizes', () => {
  it.each([
    ['512MB', 512 * MB],
    ['512mb', 512 * MB],
    ['512 MB', 512 * MB],
    ['300M', 300 * MB],
    ['300MiB', 300 * MB],
    ['1GB', 1024 * MB],
    ['1G', 1024 * MB],
    ['1.5GiB', 1536 * MB],
    ['2048K', 2 * MB],
    ['2048KiB', 2 * MB],
    ['1048576B', MB],
  ])('%s → %i bytes', (text, bytes) => expect(parseSize(text, MEMORY_SIZE)).toEqual({ ok: true, bytes }));

  it.each([
    ['512', '512 has no unit; write "512MB" or "512KB"'],
    ['lots', '"lots" is not a size; write it like 512MB, 300M or 1.5GB'],
    ['512TB', '"512TB" is not a size; write it like 512MB, 300M or 1.5GB'],
    ['512MiBs', '"512MiBs" is not a size; write it like 512MB, 300M or 1.5GB'],
    ['-5MB', '"-5MB" is not a size; write it like 512MB, 300M or 1.5GB'],
    ['512KB', '"512KB" is too small; the least is 1MB'],
  ])('%s → %s', (text, message) => expect(parseSize(text, MEMORY_SIZE)).toEqual({ ok: false, message }));
});

describe('memory_limit in stack.yaml', () => {
  it('is resolved to bytes, and absent by default', () => {
    const config = load('services:\n  api:\n    command: x\n    memory_limit: 512MB\n  web:\n    command: y\n');
    expect(config.services.api!.memoryLimit).toBe(512 * MB);
    expect(config.services.web!.memoryLimit).toBeUndefined();
  });

  it('a bad value is a sentence with file:line:col', () => {
    expect(problems('services:\n  api:\n    command: x\n    memory_limit: 512\n  web:\n    command: y\n    memory_limit: [1]\n')).toEqual([
      'stack.yaml:4:19 services.api.memory_limit: 512 has no unit; write "512MB" or "512KB"',
      'stack.yaml:7:19 services.web.memory_limit: expected a size like "512MB", got a list',
    ]);
  });
});
