// config-changed and a service new in stack.yaml: doctor compares the file it read with
// what the daemon says each running process was started with.
import { describe, expect, it } from 'vitest';
import { configChanged } from '../../../src/doctor/checks/config-changed.js';
import { serviceDown } from '../../../src/doctor/checks/service-down.js';
import { planFix } from '../../../src/doctor/fix-plan.js';
import { context, svcConfig, svcStatus } from './fixtures.js';

const started = svcConfig('api', { port: 4000, env: { PORT: '4000', TOKEN: 'hunter22' } });

describe('config-changed', () => {
  it('names the keys that changed, never their values; error, hint stack up, fixable by a restart', async () => {
    const now = svcConfig('api', { port: 4000, env: { PORT: '4000', TOKEN: 'swordfish' } });
    const ctx = { ...context([now], [svcStatus('api')]), startedWith: { api: started } };
    const findings = await configChanged(ctx);
    expect(findings).toEqual([
      {
        check: 'config-changed',
        severity: 'error',
        service: 'api',
        message: 'api runs with an older config: env.TOKEN changed in stack.yaml since it started',
        hint: 'stack up',
        fixable: true,
      },
    ]);
    expect(JSON.stringify(findings)).not.toMatch(/hunter22|swordfish/);
    expect(planFix(findings, {}).restart).toEqual(['api']);
  });

  it('with env files, says the change may be in them (the keys do not say which file they came from)', async () => {
    const now = svcConfig('api', { port: 4000, env: { PORT: '4000', TOKEN: 'swordfish' } });
    const base = context([now], [svcStatus('api')]);
    const ctx = { ...base, config: { ...base.config!, inputs: ['/tmp/t/stack.yaml', '/tmp/t/.env', '/tmp/t/api/.env.local'] }, startedWith: { api: started } };
    expect((await configChanged(ctx))[0]!.message).toBe('api runs with an older config: env.TOKEN changed in stack.yaml or the env files it reads (.env, api/.env.local) since it started');
  });

  it('says nothing of a process started with what the file says, a stopped service, or a foreign process', async () => {
    const ctx = {
      ...context([started, svcConfig('web'), svcConfig('db')], [svcStatus('api'), svcStatus('web', { pid: null, state: 'stopped', managedBy: null }), svcStatus('db', { managedBy: 'foreign' })]),
      startedWith: { api: started },
    };
    expect(await configChanged(ctx)).toEqual([]);
  });

  it('a running service stack.yaml no longer lists: error, hint stack up (which stops it), not fixable by a restart', async () => {
    const ctx = { ...context([], [svcStatus('worker')]), startedWith: { worker: svcConfig('worker') } };
    expect(await configChanged(ctx)).toEqual([
      expect.objectContaining({ check: 'config-changed', severity: 'error', service: 'worker', message: 'worker still runs, but stack.yaml no longer lists it', fixable: false }),
    ]);
  });

  it('while stack.yaml does not load: the daemon\'s CONFIG CHANGED (against the last file that loaded), not fixable by a restart', async () => {
    const ctx = {
      ...context([], [svcStatus('api', { configChanged: true, configChanges: ['env.GREETING'] }), svcStatus('web'), svcStatus('db', { managedBy: 'foreign', configChanged: true })]),
      config: null,
    };
    expect(await configChanged(ctx)).toEqual([
      {
        check: 'config-changed',
        severity: 'error',
        service: 'api',
        message: 'api runs with an older config: env.GREETING changed in the last stack.yaml that loaded, since it started',
        hint: 'fix stack.yaml, then: stack up',
        fixable: false,
      },
    ]);
    expect(planFix(await configChanged(ctx), {}).restart).toEqual([]);
  });
});

describe('service-down for a service new in stack.yaml', () => {
  const notStarted = { check: 'service-down', severity: 'error', service: 'worker', message: 'worker is not started: it is new in stack.yaml', hint: 'stack up', fixable: true };

  it('is an error while the stack runs, whether the daemon lists it as new or has not read the file yet', async () => {
    const listed = context([svcConfig('worker')], [svcStatus('worker', { state: 'stopped', pid: null, managedBy: null, notes: ['new in stack.yaml'] })]);
    expect(await serviceDown(listed)).toEqual([notStarted]);
    const unlisted = context([svcConfig('api'), svcConfig('worker')], [svcStatus('api')]);
    expect(await serviceDown(unlisted)).toEqual([notStarted]);
  });

  it('is the usual "not running" note when no daemon runs', async () => {
    const ctx = context([svcConfig('worker')], [svcStatus('worker', { state: 'stopped', pid: null, managedBy: null })]);
    ctx.status!.daemon = { running: false, pid: null };
    expect(await serviceDown(ctx)).toEqual([expect.objectContaining({ severity: 'info', message: 'worker is not running' })]);
  });
});
