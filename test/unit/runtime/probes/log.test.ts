import { appendFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProbe } from '../../../../src/runtime/probes/index.js';
import { tempDir } from '../spawn-helpers.js';

function setup(initial: string) {
  const logFile = join(tempDir(), 'svc.log');
  writeFileSync(logFile, initial);
  return { logFile, ctx: { timeoutMs: 1000, cwd: process.cwd(), env: {}, logFile, logOffset: statSync(logFile).size } };
}

describe('log probe', () => {
  it('ignores matches from before this run, then turns healthy on a new matching line', async () => {
    const { logFile, ctx } = setup('Server ready on 3000\n');
    const probe = { kind: 'log' as const, pattern: 'ready on \\d+' };
    expect(await runProbe(probe, ctx)).toMatchObject({ ok: false, message: 'no log line matches /ready on \\d+/ yet' });
    appendFileSync(logFile, 'booting\r\nServer ready on 4000\r\n');
    expect(await runProbe(probe, ctx)).toMatchObject({ ok: true, message: 'log matched: Server ready on 4000' });
    expect((await runProbe(probe, ctx)).ok).toBe(true);
  });

  it('matches a line split across writes', async () => {
    const { logFile, ctx } = setup('');
    const probe = { kind: 'log' as const, pattern: '^listening on port \\d+$' };
    appendFileSync(logFile, 'listening on ');
    expect((await runProbe(probe, ctx)).ok).toBe(false);
    appendFileSync(logFile, 'port 80\n');
    expect((await runProbe(probe, ctx)).ok).toBe(true);
  });

  it('is unhealthy without a log file or with an invalid pattern', async () => {
    const { ctx } = setup('');
    expect((await runProbe({ kind: 'log', pattern: 'x' }, { ...ctx, logFile: join(tempDir(), 'none.log') })).ok).toBe(false);
    expect(await runProbe({ kind: 'log', pattern: '(' }, ctx)).toMatchObject({ ok: false, message: 'invalid log pattern /(/' });
  });
});
