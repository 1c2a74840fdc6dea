// How often a booting service is probed: one budget shared by the loops booting at once,
// back to the old pace for a long boot, and exec probes (a process each) always slower.
import { describe, expect, it } from 'vitest';
import { bootProbeDelay } from '../../../../src/daemon/service/boot-probe.js';

describe('bootProbeDelay', () => {
  const rows: Array<[kind: Parameters<typeof bootProbeDelay>[0], booting: number, forMs: number, delay: number]> = [
    ['tcp', 1, 0, 2],
    ['tcp', 0, 0, 2], // counted after its first probe: never below the floor
    ['http', 2, 100, 4],
    ['tcp', 3, 100, 6],
    ['tcp', 5, 100, 10],
    ['tcp', 50, 100, 10],
    ['log', 1, 500, 2],
    ['process', 1, 10, 2],
    ['tcp', 1, 999, 2],
    ['tcp', 1, 1000, 10],
    ['http', 1, 30_000, 10],
    ['exec', 1, 0, 50],
    ['exec', 20, 5000, 50],
  ];
  for (const [kind, booting, forMs, delay] of rows) {
    it(`${kind}, ${booting} booting, ${forMs} ms into its boot → ${delay} ms`, () => {
      expect(bootProbeDelay(kind, booting, forMs)).toBe(delay);
    });
  }
});
