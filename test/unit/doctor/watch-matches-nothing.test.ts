import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { watchMatchesNothing } from '../../../src/doctor/checks/watch-matches-nothing.js';
import { context, svcConfig } from './fixtures.js';

describe('watch globs that match nothing', () => {
  it('warns for a service whose watch matches no file, not for one whose does', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'doctor-watch-'));
    mkdirSync(path.join(dir, 'lib'));
    writeFileSync(path.join(dir, 'lib', 'a.js'), '');
    const findings = await watchMatchesNothing(
      context([svcConfig('renamed', { cwd: dir, watch: ['src/**'] }), svcConfig('fine', { cwd: dir, watch: ['lib/**'] })], []),
    );
    expect(findings).toEqual([
      expect.objectContaining({ check: 'config-invalid', severity: 'warning', service: 'renamed', message: expect.stringMatching(/watch: \[src\/\*\*\] matches no file/) }),
    ]);
  });

  it('leaves a missing cwd to cwd-missing', async () => {
    expect(await watchMatchesNothing(context([svcConfig('gone', { cwd: '/no/such/dir/xyz' })], []))).toEqual([]);
  });
});
