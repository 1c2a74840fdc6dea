import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../../../src/config/suggest.js';

describe('did you mean', () => {
  const keys = ['command', 'cwd', 'port', 'env', 'env_file', 'health', 'depends_on', 'stop_signal'];

  it.each([
    ['comand', 'command'],
    ['commnad', 'command'],
    ['helth', 'health'],
    ['Health', 'health'],
    ['dependson', 'depends_on'],
    ['envfile', 'env_file'],
    ['environment', 'env'],
    ['healthcheck', 'health'],
    ['working_dir', 'cwd'],
    ['ports', 'port'],
  ])('%s → %s', (typo, key) => {
    expect(closest(typo, keys)).toBe(key);
  });

  it('says nothing when nothing is close', () => {
    expect(closest('frobnicate', keys)).toBeUndefined();
    expect(closest('x', ['db'])).toBeUndefined();
    expect(didYouMean('dbb', ['db', 'api'])).toBe("did you mean 'db'?");
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('TREM', 'TERM')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
