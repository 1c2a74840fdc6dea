// state.json is read field by field: a file of an older version (no startedWith) still
// reads, a record whose startedWith is not a service config is refused with a sentence.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/index.js';
import { parseSavedState } from '../../../src/protocol/state-file.js';

const config = JSON.parse(JSON.stringify(parseConfig('services:\n  api: { command: node server.js, port: 4000 }\n', '/srv/shop/stack.yaml', { env: {} })));
const identity = { pid: 4242, startToken: 't', startedAt: 1_000 };

function state(api: Record<string, unknown>, top: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: 1, daemonPid: 1, config, services: { api: { state: 'running', identity, restarts: 0, lastExit: null, ...api } }, ...top });
}

describe('state.json and what each process was started with', () => {
  it('keeps the config a process was started with', () => {
    expect(parseSavedState(state({ startedWith: config.services.api })).services.api!.startedWith).toEqual(config.services.api);
  });

  it('reads a file written before stack kept it, and one whose config has no inputs', () => {
    const { inputs: _, ...older } = config;
    expect(parseSavedState(state({}, { config: older })).services.api!.startedWith).toBeUndefined();
  });

  it('refuses a record whose startedWith is not a service config', () => {
    expect(() => parseSavedState(state({ startedWith: { command: 5 } }))).toThrow('its record of "api" is malformed');
  });
});
