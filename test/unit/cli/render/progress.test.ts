import { describe, expect, it } from 'vitest';
import { ProgressPrinter } from '../../../../src/cli/render/progress.js';
import type { ServiceProgress } from '../../../../src/protocol/messages.js';

type Step = [service: string, phase: ServiceProgress['phase']];

/** The closing line `up` prints after these progress steps. */
function closing(steps: Step[], verb = 'ready'): string {
  const lines: string[] = [];
  const printer = new ProgressPrinter(['db', 'api', 'web'], undefined, (line) => lines.push(line));
  for (const [service, phase] of steps) printer.progress({ type: 'progress', service, phase, at: 0 } as ServiceProgress);
  printer.summary({ type: 'done', ok: true, failures: [] }, verb, 1234);
  // eslint-disable-next-line no-control-regex
  return lines.at(-1)!.replace(/\u001b\[[0-9;]*m/g, '');
}

describe('the closing line of up', () => {
  it.each<[string, Step[], string]>([
    ['everything already ran', [['db', 'already-running'], ['api', 'already-running'], ['web', 'already-running']], '✔ all 3 services were already running, nothing to do'],
    ['two already ran', [['db', 'already-running'], ['api', 'already-running']], '✔ both services were already running, nothing to do'],
    ['one already ran', [['db', 'already-running']], '✔ the service was already running, nothing to do'],
    ['one started beside one that ran', [['db', 'already-running'], ['api', 'starting'], ['api', 'healthy']], '✔ 2 services ready in 1.2s'],
    ['all started', [['db', 'starting'], ['db', 'healthy']], '✔ 1 service ready in 1.2s'],
    ['nothing at all', [], '✔ nothing to do'],
  ])('%s', (_name, steps, expected) => {
    expect(closing(steps)).toBe(expected);
  });

  it.each<[string, Step[], string]>([
    ['two start, one ran', [['db', 'already-running'], ['api', 'starting'], ['web', 'waiting']], '✔ 2 services starting in the background (stack status shows how far they got; stack wait waits for them)'],
    ['one restarts', [['api', 'config-changed'], ['api', 'starting']], '✔ 1 service starting in the background (stack status shows how far they got; stack wait waits for them)'],
    ['all ran', [['db', 'already-running'], ['api', 'already-running']], '✔ both services were already running, nothing to do'],
  ])('up --no-wait: %s', (_name, steps, expected) => {
    expect(closing(steps, 'starting')).toBe(expected);
  });
});

describe('the live lines of up', () => {
  /** Every line printed for these steps, without color. */
  function lines(steps: Step[]): string[] {
    const out: string[] = [];
    const printer = new ProgressPrinter(['db', 'api'], undefined, (line) => out.push(line));
    for (const [service, phase] of steps) printer.progress({ type: 'progress', service, phase, at: 0, detail: 'exited with code 127 (command not found) before it was healthy' } as ServiceProgress);
    // eslint-disable-next-line no-control-regex
    return out.map((line) => line.replace(/\u001b\[[0-9;]*m/g, ''));
  }

  it('a start after a failure of the same operation is the restart policy at work, not a new chance', () => {
    expect(lines([['api', 'starting'], ['api', 'failed'], ['api', 'starting'], ['db', 'starting']])).toEqual([
      '▸ api   starting',
      '✖ api   failed: exited with code 127 (command not found) before it was healthy',
      '↻ api   restarting after the failure (its restart policy); still reported as failed below',
      '▸ db    starting',
    ]);
  });
});
