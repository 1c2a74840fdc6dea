import { describe, expect, it } from 'vitest';
import { savedState, type KeptService } from '../../../../src/daemon/state/saved-state.js';

const running: KeptService = {
  state: 'running',
  identity: { pid: 4242, startedAt: 1_700_000_000_000, startToken: '123' },
  restarts: 2,
  lastExit: null,
  startedWith: null,
  daemonizedFrom: 4200,
};

describe('savedState', () => {
  it('keeps each service by name, with no field for what is unknown (null)', () => {
    const state = savedState(null, new Map([['api', running], ['db', { ...running, state: 'stopped', identity: null, daemonizedFrom: null }]]), 99);
    expect(state).toEqual({
      version: 1,
      daemonPid: 99,
      config: null,
      services: {
        api: { state: 'running', identity: running.identity, restarts: 2, lastExit: null, startedWith: undefined, daemonizedFrom: 4200 },
        db: { state: 'stopped', identity: null, restarts: 2, lastExit: null, startedWith: undefined, daemonizedFrom: undefined },
      },
    });
  });
});
