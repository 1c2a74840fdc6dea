// The analyze tool's text: a failed up's problem and the failing service's reason first,
// else the chain with each link's share, the largest named.
import { describe, expect, it } from 'vitest';
import { analyzeEvents } from '../../../src/analyze/critical-chain.js';
import type { StackEvent } from '../../../src/protocol/events.js';
import { analyzeSummary } from '../../../src/mcp/summary/analyze.js';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
type Row = [ms: number, type: string, service?: string, fields?: Record<string, unknown>];
const timeline = (rows: Row[]): StackEvent[] =>
  rows.map(([ms, type, service, fields]) => ({ at: new Date(T0 + ms).toISOString(), type, ...(service ? { service } : {}), ...fields }));
const served = (service: string, at: number, after: Record<string, string> = {}, readyAfter = 300): Row[] => [
  [at, 'launch', service, { after }],
  [at + 10, 'start', service, { pid: 100 }],
  [at + readyAfter, 'health', service, { health: 'healthy', detail: 'HTTP 200' }],
];

describe('analyzeSummary', () => {
  it.each<[string, Row[], string | RegExp]>([
    ['no up yet', [], /^No `stack up` in this project's timeline yet/],
    [
      'the chain, each share, and the largest',
      [[0, 'up-start', undefined, { id: 'u', project: 'shop', services: ['db', 'api'] }], ...served('db', 0), ...served('api', 300, { db: 'healthy' }, 700), [1010, 'up-end', undefined, { id: 'u', ok: true, elapsedMs: 1010, failed: [] }]],
      "The last up took 1.01s; its critical chain was db → api (db 0.30s + api 0.70s + 0.01s finishing). The largest share was api's (0.70s).",
    ],
    [
      'a failed up: the problem, then the reason',
      [
        [0, 'up-start', undefined, { id: 'u', project: 'shop', services: ['api'] }],
        [0, 'launch', 'api', { after: {} }],
        [10, 'start', 'api', { pid: 100 }],
        [200, 'exit', 'api', { code: 1, signal: null, reason: "Error: Cannot find module 'x'" }],
        [205, 'up-end', undefined, { id: 'u', ok: false, elapsedMs: 205, failed: [{ service: 'api', reason: "exited with code 1: Error: Cannot find module 'x'", blocked: false }] }],
      ],
      /^The last up \(began at \S+\) failed after 205ms: api failed\. api: .*Cannot find module 'x'/,
    ],
  ])('%s', (_what, rows, want) => {
    const text = analyzeSummary(analyzeEvents(timeline(rows), T0 + 5000));
    if (typeof want === 'string') expect(text).toBe(want);
    else expect(text).toMatch(want);
  });
});
