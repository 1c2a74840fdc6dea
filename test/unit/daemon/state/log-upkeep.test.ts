/** What one pass over the logs finds: whether the next one can wait for a write. */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../../../src/daemon/state/event-log.js';
import { LOG_CHECK_MS, LogUpkeep } from '../../../../src/daemon/state/log-upkeep.js';

function upkeep(maxBytes = 1000) {
  const dir = mkdtempSync(join(tmpdir(), 'upkeep-'));
  const logFile = join(dir, 'api.log');
  const eventsFile = join(dir, 'events.jsonl');
  writeFileSync(eventsFile, '');
  const logs = new LogUpkeep(dir, new EventLog(eventsFile), () => [{ name: 'api', logFile }], () => ({ maxBytes, keep: 2 }));
  const events = () => readFileSync(eventsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { type: string });
  return { logs, logFile, events, index: () => readFileSync(join(dir, 'api.idx'), 'utf8') };
}

describe('LogUpkeep.check', () => {
  it('is quiet once every log is as the pass before found it, and changed at a write', () => {
    const { logs, logFile } = upkeep();
    writeFileSync(logFile, 'booted\n');
    let now = 1_000_000;
    expect(logs.check(now)).toBe('changed');
    expect(logs.check((now += LOG_CHECK_MS))).toBe('quiet');
    appendFileSync(logFile, 'GET / 200\n');
    expect(logs.check((now += LOG_CHECK_MS))).toBe('changed');
    expect(logs.check((now += LOG_CHECK_MS))).toBe('quiet');
  });

  it('writes a size seen between two samples to the index before it is quiet', () => {
    const { logs, logFile, index } = upkeep();
    writeFileSync(logFile, 'a\n');
    let now = 1_000_000;
    expect(logs.check(now)).toBe('changed');
    appendFileSync(logFile, 'b\n');
    // Brought forward by the write: too soon to sample, so not quiet however it finds the log.
    expect(logs.check((now += 10))).toBe('changed');
    expect(logs.check((now += 10))).toBe('changed');
    expect(logs.check((now += LOG_CHECK_MS))).toBe('quiet');
    expect(index().trim().split('\n').at(-1)).toBe(`${now} 4`);
  });

  it('floods when a log outgrows its cap, and stays changed until the rotation has been reported', () => {
    const { logs, logFile, events } = upkeep(100);
    writeFileSync(logFile, '');
    let now = 1_000_000;
    expect(logs.check(now)).toBe('changed');
    appendFileSync(logFile, 'x'.repeat(99) + '\n' + 'y'.repeat(99) + '\n');
    expect(logs.check((now += LOG_CHECK_MS))).toBe('flooding');
    // The first rotation is said at once; a second within a second waits to be said with the next.
    appendFileSync(logFile, 'z'.repeat(150) + '\n');
    expect(logs.check((now += 100))).toBe('flooding');
    expect(logs.check((now += 100))).toBe('changed');
    expect(events().filter((e) => e.type === 'log-rotated')).toHaveLength(1);
    // Said a second after the first: nothing left to say, nothing changed.
    expect(logs.check((now += 1000))).toBe('quiet');
    expect(events().filter((e) => e.type === 'log-rotated')).toHaveLength(2);
  });
});
