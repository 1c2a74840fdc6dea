// Fault: a service that prints as fast as it can for 10 s (hundreds of MB a second here).
// Its logs must stay within the rotation cap and the daemon must keep answering.
//
// The cap: each rotated file (<svc>.log.1 … .keep) holds at most max_size bytes, exactly
// (a flood's excess is dropped, and counted in the log-rotated event). The live log is
// written by the service itself, so it can pass max_size by what the service writes
// between two checks of the daemon: every 10 ms while a log floods. SLACK allows for
// that at up to a few GB/s; the old 500 ms check let this flood reach hundreds of MB.
// A daemon starved by a loaded machine checks late now and then, so what must stay within
// the slack is the typical sample (the median), while the rotated files stay within
// max_size in every sample.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStack } from '../helpers/cli.js';
import { nodeArgv, SERVICES_DIR, stackYaml } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/procs.js';
import { printed, runExpecting, serviceIn, useProjects, type StatusJson } from '../e2e/support.js';

const project = useProjects();

const MAX_SIZE = 1024 * 1024;
const KEEP = 2;
const CAP = MAX_SIZE * (KEEP + 1);
const SLACK = 64 * 1024 * 1024;
const FLOOD_MS = 10_000;
/** status must answer within this long during the flood: a hang guard, not a speed requirement. */
const HANG_GUARD_MS = 15_000;

/** Sizes of flood.log and its rotated files, by name. */
function logSizes(dir: string): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const name of readdirSync(dir).filter((f) => /^flood\.log(\.\d+)?$/.test(f))) {
    try {
      sizes[name] = statSync(path.join(dir, name)).size;
    } catch {
      // rotated away between the listing and the stat
    }
  }
  return sizes;
}

const total = (sizes: Record<string, number>): number => Object.values(sizes).reduce((a, b) => a + b, 0);

describe('log flood', () => {
  it('a service printing as fast as it can for 10 s stays within the rotation cap, and status keeps answering', async () => {
    const p = await project('log-flood');
    await p.write(
      'stack.yaml',
      stackYaml(
        { flood: { command: nodeArgv(path.join(SERVICES_DIR, 'flood-fast.js')), env: { FLOOD_MS: String(FLOOD_MS) } } },
        { logs: { max_size: '1MB', keep: KEEP } },
      ),
    );
    await runExpecting(p.dir, ['up'], 0);
    const logs = p.path('.stack/logs');
    const floodEnds = Date.now() + FLOOD_MS;

    const totals: number[] = [];
    let largest: Record<string, number> = {};
    while (Date.now() < floodEnds) {
      const status = await runStack(p.dir, ['status', '--json'], { timeoutMs: HANG_GUARD_MS });
      expect(status.timedOut, `status hung during the flood\n${printed(status)}`).toBe(false);
      expect(status.code, printed(status)).toBe(0);
      expect(serviceIn(JSON.parse(status.stdout) as StatusJson, 'flood').state).toBe('running');

      const sizes = logSizes(logs);
      totals.push(total(sizes));
      if (total(sizes) > total(largest)) largest = sizes;
      for (const [name, size] of Object.entries(sizes)) {
        if (name !== 'flood.log') expect(size, `${name} within max_size: ${JSON.stringify(sizes)}`).toBeLessThanOrEqual(MAX_SIZE);
      }
      expect(existsSync(`${logs}/flood.log.${KEEP + 1}`), `more than keep=${KEEP} rotated files`).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(totals.length, 'status answered throughout the flood').toBeGreaterThanOrEqual(3);
    const median = [...totals].sort((a, b) => a - b)[Math.floor(totals.length / 2)]!;
    expect(median, `log files over cap × (keep+1) + slack in a typical sample: ${JSON.stringify(totals)}`).toBeLessThanOrEqual(CAP + SLACK);
    expect(total(largest), `it did flood: ${JSON.stringify(largest)}`).toBeGreaterThan(MAX_SIZE);

    // Once the flood is over, the next check brings the live log back under max_size: no slack left.
    let seen = '';
    const settled = await waitFor(
      async () => {
        const tail = await runStack(p.dir, ['logs', 'flood', '-n', '1']);
        const sizes = logSizes(logs);
        seen = `last line ${JSON.stringify(tail.stdout.slice(-200))}, sizes ${JSON.stringify(sizes)}`;
        return /flood done/.test(tail.stdout) && (sizes['flood.log'] ?? 0) <= MAX_SIZE ? sizes : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200, message: 'the flood to end and its log to be rotated' },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; ${seen}`);
    });
    expect(total(settled), JSON.stringify(settled)).toBeLessThanOrEqual(CAP);

    const events = await runExpecting(p.dir, ['events', 'flood', '--json'], 0);
    const rotated = events.stdout.split('\n').filter((line) => line.includes('"type":"log-rotated"'));
    expect(rotated.length, printed(events)).toBeGreaterThan(0);
    // A flood is summarised (rotations, bytes dropped), not one event per rotation.
    expect(rotated.length, printed(events)).toBeLessThanOrEqual(FLOOD_MS / 1000 + 5);
    expect(events.stdout, printed(events)).toMatch(/"droppedBytes":\d+/);
    const timeline = await runExpecting(p.dir, ['events', 'flood'], 0);
    expect(timeline.stdout, printed(timeline)).toMatch(/log rotated \d+ times; output flooded past max_size, [\d.]+ MB dropped/);
  });
});
