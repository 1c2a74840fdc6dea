import { describe, expect, it } from 'vitest';
import { isJob } from '../../../src/config/job.js';
import type { ServiceConfig } from '../../../src/config/types.js';
import { svcConfig } from '../doctor/fixtures.js';

const services = (...list: ServiceConfig[]) => Object.fromEntries(list.map((s) => [s.name, s]));

describe('isJob: is a clean exit 0 the work done (a job) or going down (a server)?', () => {
  it.each<[string, Record<string, ServiceConfig>, boolean]>([
    ['no port, no health check, on-failure: a job', services(svcConfig('migrate')), true],
    ['restart: no is still a job', services(svcConfig('migrate', { restart: 'no' })), true],
    ['a port makes it a server', services(svcConfig('migrate', { port: 5432 })), false],
    ['a pid file makes it a (daemonizing) server', services(svcConfig('migrate', { pidFile: '/tmp/x.pid' })), false],
    ['a health check makes it a server', services(svcConfig('migrate', { health: { ...svcConfig('x').health, probe: { kind: 'exec', command: 'true' } } })), false],
    ['restart: always means it is meant to stay up', services(svcConfig('migrate', { restart: 'always' })), false],
    ['a dependent waiting for it to be healthy', services(svcConfig('migrate'), svcConfig('api', { dependsOn: { migrate: 'healthy' } })), false],
    ['a dependent waiting for it to be started', services(svcConfig('migrate'), svcConfig('api', { dependsOn: { migrate: 'started' } })), false],
    ['a dependent waiting for it to complete', services(svcConfig('migrate'), svcConfig('api', { dependsOn: { migrate: 'completed' } })), true],
    ['a service not in the config', services(svcConfig('api')), false],
  ])('%s', (_what, config, job) => {
    expect(isJob('migrate', config)).toBe(job);
  });
});
