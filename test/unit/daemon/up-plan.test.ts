// What `stack up` does to each service after stack.yaml changed: restart what runs with
// other config, start what is new or stopped, stop what is gone, leave the rest.
import { describe, expect, it } from 'vitest';
import { announcement, planUp, type KnownService } from '../../../src/daemon/up-plan.js';
import { load, yaml } from '../config/helpers.js';

const before = load(yaml`
  services:
    db: { command: node db.js, port: 5433 }
    api: { command: node api.js, port: 4000, env: { DB: "127.0.0.1:\${db.port}" }, depends_on: [db] }
    web: { command: node web.js, port: 3000 }
    worker: { command: node worker.js }
`);
const running = (name: string, pid: number): KnownService => ({ startedWith: before.services[name]!, active: true, pid });
const known = new Map<string, KnownService>([
  ['db', running('db', 1)],
  ['api', running('api', 2)],
  ['web', { startedWith: null, active: false, pid: null }],
  ['worker', running('worker', 4)],
]);
const after = load(yaml`
  services:
    db: { command: node db.js, port: 5434 }
    api: { command: node api.js, port: 4000, env: { DB: "127.0.0.1:\${db.port}" }, depends_on: [db] }
    web: { command: node web.js, port: 3000 }
    mail: { command: node mail.js }
`);
const all = ['db', 'api', 'web', 'mail'];

describe('planUp', () => {
  it('stops the removed, restarts what changed (also through a dependency), starts the new and the stopped', () => {
    expect(planUp(known, after, all, true)).toEqual([
      { service: 'worker', action: 'stop', why: 'removed' },
      { service: 'db', action: 'restart', why: 'config-changed', changes: ['port'] },
      { service: 'api', action: 'restart', why: 'config-changed', changes: ['env.DB'] },
      { service: 'web', action: 'start', why: 'not-running' },
      { service: 'mail', action: 'start', why: 'new' },
    ]);
  });

  it('leaves a service running with the config of the file alone', () => {
    expect(planUp(known, before, ['db', 'api'], false)).toEqual([
      { service: 'db', action: 'keep', pid: 1 },
      { service: 'api', action: 'keep', pid: 2 },
    ]);
  });

  it('stops nothing when up names services', () => {
    expect(planUp(known, after, ['web'], false)).toEqual([{ service: 'web', action: 'start', why: 'not-running' }]);
  });

  it("calls nothing new on a daemon's first up", () => {
    expect(planUp(null, after, ['db', 'mail'], true).map((s) => s.action === 'start' && s.why)).toEqual(['not-running', 'not-running']);
  });
});

describe('announcement', () => {
  const steps = planUp(known, after, all, true);
  it('a real up announces the restarts, stops and new services; a dry run every step', () => {
    expect(steps.map((s) => announcement(s, false)?.phase ?? null)).toEqual(['removed', 'config-changed', 'config-changed', null, 'new']);
    expect(steps.map((s) => announcement(s, true)?.phase)).toEqual(['removed', 'config-changed', 'config-changed', 'not-running', 'new']);
    expect(announcement(steps[1]!, false)).toEqual({ service: 'db', phase: 'config-changed', detail: 'port' });
    expect(announcement({ service: 'db', action: 'keep', pid: 1 }, true)).toEqual({ service: 'db', phase: 'already-running', pid: 1 });
  });
});
