/**
 * When a restart on save may spawn the new process: the changed sources quiet for a
 * moment (longer after a burst of files), none of them missing or empty unless it has
 * stayed so, and never later than the longest wait.
 */
import { mkdtempSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SAVE_FILES,
  SETTLE_BURST_QUIET_MS,
  SETTLE_GONE_MS,
  SETTLE_MAX_MS,
  SETTLE_QUIET_MS,
  SaveSettle,
  settleWait,
  type FileNow,
} from '../../../../src/daemon/service/save-settle.js';

const NOW = 1_000_000;
const file = (ago: number, now: FileNow = 'file') => ({ now, changedAt: NOW - ago });
const burst = (ago: number) => Array.from({ length: SAVE_FILES + 1 }, () => file(ago));

type Row = [what: string, files: ReturnType<typeof file>[], waitingFor: number, wait: number];
const rows: Row[] = [
  ['nothing changed', [], 0, 0],
  ['a save just now: quiet first', [file(0)], 0, SETTLE_QUIET_MS],
  ['a save, quiet for part of the time', [file(4)], 4, SETTLE_QUIET_MS - 4],
  ['a save, quiet long enough', [file(SETTLE_QUIET_MS)], 5, 0],
  ['two files of one save (a backup beside it)', [file(SETTLE_QUIET_MS), file(2)], 5, SETTLE_QUIET_MS - 2],
  ['a burst of files waits for a longer pause', burst(SETTLE_QUIET_MS), 5, SETTLE_BURST_QUIET_MS - SETTLE_QUIET_MS],
  ['a burst that paused long enough', burst(SETTLE_BURST_QUIET_MS), 5, 0],
  ['a source renamed away for the save: wait for it to come back', [file(SETTLE_QUIET_MS, 'absent')], 5, SETTLE_GONE_MS - SETTLE_QUIET_MS],
  ['truncated, not written yet: wait for its content', [file(SETTLE_QUIET_MS, 'empty')], 5, SETTLE_GONE_MS - SETTLE_QUIET_MS],
  ['deleted for good: go', [file(SETTLE_GONE_MS, 'absent')], 5, 0],
  ['emptied for good: go', [file(SETTLE_GONE_MS, 'empty')], 5, 0],
  ['writes that never pause: at most the longest wait', [file(0)], SETTLE_MAX_MS - 3, 3],
  ['writes that never pause, past the longest wait: go', [file(0)], SETTLE_MAX_MS, 0],
];

describe('settleWait', () => {
  it.each(rows)('%s', (_what, files, waitingFor, wait) => {
    expect(settleWait({ now: NOW, since: NOW - waitingFor, files })).toBe(wait);
  });
});

describe('SaveSettle', () => {
  const inTemp = () => mkdtempSync(path.join(tmpdir(), 'stack-settle-'));

  it('is settled at once when nothing changed lately', async () => {
    await expect(new SaveSettle().settled()).resolves.toBeUndefined();
  });

  it('waits while a changed source is empty, until it has content', async () => {
    const dir = inTemp();
    try {
      const source = path.join(dir, 'a.js');
      writeFileSync(source, 'module.exports = 1;\n');
      truncateSync(source);
      const settle = new SaveSettle();
      // Quiet long enough, but empty since then: not settled (its grace is far longer than a turn of the loop).
      settle.saw(source, Date.now() - SETTLE_QUIET_MS - 1);
      let settled = false;
      const waiting = settle.settled().then(() => (settled = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect(settled).toBe(false);
      writeFileSync(source, 'module.exports = 2;\n');
      settle.saw(source);
      await waiting;
      expect(settled).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('treats a source that stays missing as deleted', async () => {
    const dir = inTemp();
    try {
      const source = path.join(dir, 'gone.js');
      writeFileSync(source, 'x');
      unlinkSync(source);
      const settle = new SaveSettle();
      settle.saw(source, Date.now() - SETTLE_GONE_MS);
      await expect(settle.settled()).resolves.toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
