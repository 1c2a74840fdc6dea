import { describe, expect, it } from 'vitest';
import {
  dependentsMap,
  findCycle,
  missingDependencies,
  startWaves,
  stopWaves,
  withDependencies,
  withDependents,
  type Deps,
} from '../../../src/graph/graph.js';

/**
 *   db ← api ← web
 *   db ← worker
 *   cache ← api
 *   docs (alone)
 */
const shop: Deps = {
  db: [],
  cache: [],
  api: ['db', 'cache'],
  worker: ['db'],
  web: ['api'],
  docs: [],
};

describe('startWaves', () => {
  it('puts each service one wave after its deepest dependency', () => {
    expect(startWaves(shop)).toEqual([['db', 'cache', 'docs'], ['api', 'worker'], ['web']]);
  });

  it('limits to the selected services and their dependencies', () => {
    expect(startWaves(shop, ['web'])).toEqual([['db', 'cache'], ['api'], ['web']]);
    expect(startWaves(shop, ['worker', 'docs'])).toEqual([['db', 'docs'], ['worker']]);
  });

  it('waits for the longest path, not the first dependency', () => {
    expect(startWaves({ a: [], b: ['a'], c: ['a', 'b'] })).toEqual([['a'], ['b'], ['c']]);
  });

  it('handles an empty graph', () => {
    expect(startWaves({})).toEqual([]);
  });
});

describe('stopWaves', () => {
  it('stops dependents before what they depend on', () => {
    expect(stopWaves(shop)).toEqual([['web', 'worker', 'docs'], ['api'], ['db', 'cache']]);
  });

  it('stopping db stops everything that needs it first', () => {
    expect(stopWaves(shop, ['db'])).toEqual([['web', 'worker'], ['api'], ['db']]);
    expect(stopWaves(shop, ['docs'])).toEqual([['docs']]);
  });
});

describe('withDependencies / withDependents', () => {
  it('lists dependencies first, each once', () => {
    expect(withDependencies(shop, ['web'])).toEqual(['db', 'cache', 'api', 'web']);
    expect(withDependencies(shop, ['web', 'worker'])).toEqual(['db', 'cache', 'api', 'web', 'worker']);
  });

  it('lists dependents first', () => {
    expect(withDependents(shop, ['db'])).toEqual(['web', 'api', 'worker', 'db']);
    expect(withDependents(shop, ['web'])).toEqual(['web']);
  });

  it('dependentsMap reverses the edges', () => {
    expect(dependentsMap(shop)).toEqual({ db: ['api', 'worker'], cache: ['api'], api: ['web'], worker: [], web: [], docs: [] });
  });

  it('walks a chain of 100,000 services without overflowing the stack', () => {
    const deps: Record<string, string[]> = {};
    for (let i = 0; i < 100_000; i++) deps[`s${i}`] = i === 0 ? [] : [`s${i - 1}`];
    expect(withDependencies(deps, ['s99999'])).toHaveLength(100_000);
    expect(startWaves(deps, ['s99999'])).toHaveLength(100_000);
    expect(findCycle(deps)).toBeNull();
  });
});

describe('findCycle', () => {
  it('returns null for an acyclic graph', () => {
    expect(findCycle(shop)).toBeNull();
  });

  it('returns the cycle as a path that ends where it starts', () => {
    expect(findCycle({ web: ['api'], api: ['worker'], worker: ['api'] })).toEqual(['api', 'worker', 'api']);
    expect(findCycle({ a: ['b'], b: ['c'], c: ['a'] })).toEqual(['a', 'b', 'c', 'a']);
  });

  it('finds a service depending on itself', () => {
    expect(findCycle({ a: ['a'] })).toEqual(['a', 'a']);
  });

  it('ignores edges to unknown services', () => {
    expect(findCycle({ a: ['ghost'], b: ['a'] })).toBeNull();
  });

  it('finds a cycle after a long acyclic chain', () => {
    const deps: Record<string, string[]> = { loop: ['s0'] };
    for (let i = 0; i < 50_000; i++) deps[`s${i}`] = [`s${i + 1}`];
    deps.s50000 = ['loop'];
    expect(findCycle(deps)?.length).toBe(50_003);
  });
});

describe('missingDependencies', () => {
  it('lists each edge to a service that does not exist', () => {
    expect(missingDependencies({ api: ['dbb', 'cache'], cache: [], web: ['apii'] })).toEqual([
      { service: 'api', dependency: 'dbb' },
      { service: 'web', dependency: 'apii' },
    ]);
  });

  it('does not mistake Object.prototype members for services', () => {
    expect(missingDependencies({ api: ['constructor', 'toString'] })).toEqual([
      { service: 'api', dependency: 'constructor' },
      { service: 'api', dependency: 'toString' },
    ]);
    expect(findCycle({ api: ['constructor'] })).toBeNull();
    expect(withDependencies({ api: ['constructor'] }, ['api'])).toEqual(['constructor', 'api']);
    expect(dependentsMap({ api: ['hasOwnProperty'] })).toEqual({ api: [], hasOwnProperty: ['api'] });
    expect(startWaves({ constructor: [], api: ['constructor'] })).toEqual([['constructor'], ['api']]);
  });
});
