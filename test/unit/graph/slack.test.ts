import { describe, expect, it } from 'vitest';
import { startSlack, type ConditionDeps } from '../../../src/graph/slack.js';

/** The bench's stack: a chain c0 → c1 → c2 → c3 and four services on their own. */
const bench: ConditionDeps = {
  c0: {},
  c1: { c0: 'healthy' },
  c2: { c1: 'healthy' },
  c3: { c2: 'healthy' },
  side0: {},
  side1: {},
};
const benchBoots = { c0: 380, c1: 280, c2: 480, c3: 180, side0: 330, side1: 330 };

const slackOf = (deps: ConditionDeps, boots: Record<string, number | undefined>) => {
  const plan = startSlack(deps, boots);
  return plan && Object.fromEntries([...plan].map(([n, s]) => [n, s.slackMs]));
};

describe('startSlack', () => {
  const cases: { name: string; deps: ConditionDeps; boots: Record<string, number | undefined>; slack: Record<string, number> | null }[] = [
    {
      name: 'a chain has none; a service on its own has the rest of the chain',
      deps: bench,
      boots: benchBoots,
      slack: { c0: 0, c1: 0, c2: 0, c3: 0, side0: 990, side1: 990 },
    },
    { name: 'one service alone: none', deps: { api: {} }, boots: { api: 500 }, slack: { api: 0 } },
    {
      name: 'the shorter of two branches waits for nothing but has the difference',
      deps: { db: {}, cache: {}, api: { db: 'healthy', cache: 'healthy' } },
      boots: { db: 1000, cache: 200, api: 300 },
      slack: { db: 0, cache: 800, api: 0 },
    },
    {
      name: 'slack flows up a side chain: both members share it',
      deps: { a: {}, b: { a: 'healthy' }, x: {}, y: { x: 'healthy' } },
      boots: { a: 500, b: 500, x: 100, y: 100 },
      slack: { a: 0, b: 0, x: 800, y: 800 },
    },
    {
      name: 'a dependent waiting only for `started` does not wait for the boot',
      deps: { db: {}, api: { db: 'started' } },
      boots: { db: 1000, api: 300 },
      slack: { db: 0, api: 700 },
    },
    {
      name: 'a dependency already running (not in the up) counts as met',
      deps: { api: { db: 'healthy' }, docs: {} },
      boots: { api: 400, docs: 100 },
      slack: { api: 0, docs: 300 },
    },
    { name: 'a service never booted: no plan', deps: bench, boots: { ...benchBoots, side1: undefined }, slack: null },
    { name: 'a cycle: no plan', deps: { a: { b: 'healthy' }, b: { a: 'healthy' } }, boots: { a: 1, b: 1 }, slack: null },
    { name: 'nothing to start', deps: {}, boots: {}, slack: {} },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(slackOf(c.deps, c.boots)).toEqual(c.slack);
    });
  }

  it('gives each service its earliest start', () => {
    const plan = startSlack(bench, benchBoots)!;
    expect([...plan].map(([n, s]) => [n, s.earliestMs])).toEqual([
      ['c0', 0],
      ['c1', 380],
      ['c2', 660],
      ['c3', 1140],
      ['side0', 0],
      ['side1', 0],
    ]);
  });
});
