import { describe, expect, it } from 'vitest';
import { isOk, rootCauseOrder } from '../../../src/doctor/root-cause.js';
import type { Finding } from '../../../src/doctor/types.js';

const f = (check: Finding['check'], service: string | null, over: Partial<Finding> = {}): Finding => ({
  check,
  severity: 'error',
  service,
  message: `${service} ${check}`,
  hint: '',
  fixable: false,
  ...over,
});

describe('rootCauseOrder', () => {
  const deps = { web: ['api'], api: ['db'], db: [], cache: [] };

  it('puts the deepest failing dependency first and its dependents after it', () => {
    const findings = [f('dependency-down', 'web', { causedBy: 'api' }), f('dependency-down', 'api', { causedBy: 'db' }), f('service-down', 'db')];
    expect(rootCauseOrder(findings, deps).map((x) => `${x.service}:${x.check}`)).toEqual([
      'db:service-down',
      'api:dependency-down',
      'web:dependency-down',
    ]);
  });

  it('folds a dependent\'s symptoms into its one dependency-down line, keeping independent problems', () => {
    const findings = [
      f('service-unhealthy', 'web'),
      f('dependency-unreachable', 'web'),
      f('stale-code', 'web'),
      f('dependency-down', 'web', { causedBy: 'api' }),
      f('service-down', 'api'),
    ];
    expect(rootCauseOrder(findings, deps).map((x) => `${x.service}:${x.check}`)).toEqual([
      'api:service-down',
      'web:stale-code',
      'web:dependency-down',
    ]);
  });

  it('config problems come first, info notes last, errors before warnings within a service', () => {
    const findings = [
      f('service-down', 'cache', { severity: 'info' }),
      f('health-port-mismatch', 'api', { severity: 'warning' }),
      f('port-mismatch', 'api'),
      f('config-invalid', null),
    ];
    expect(rootCauseOrder(findings, deps).map((x) => `${x.service}:${x.check}`)).toEqual([
      'null:config-invalid',
      'api:port-mismatch',
      'api:health-port-mismatch',
      'cache:service-down',
    ]);
  });

  it('is ok only without errors', () => {
    expect(isOk([f('service-down', 'a', { severity: 'info' }), f('health-port-mismatch', 'a', { severity: 'warning' })])).toBe(true);
    expect(isOk([f('stale-code', 'a')])).toBe(false);
    expect(isOk([])).toBe(true);
  });

  it.each([
    // [what the other findings are, who the not-running worker is pointed at]
    ['api has an error (its port is held)', [f('port-conflict', 'api')], 'api'],
    ['api only stopped, db below it has the error', [f('service-down', 'api', { severity: 'info' }), f('port-conflict', 'db')], 'db'],
    ['only a warning below it', [f('stale-code', 'api', { severity: 'warning' })], null],
    ['an error in a service it does not depend on', [f('port-conflict', 'cache')], null],
    ['nothing else wrong', [], null],
  ] as const)('a not-running service whose dependency fails: %s', (_, others, cause) => {
    const notRunning = f('service-down', 'worker', { severity: 'info', message: 'worker is not running', hint: 'stack up worker' });
    const out = rootCauseOrder([notRunning, ...others], { worker: ['api'], api: ['db'], db: [], cache: [] }).find((x) => x.service === 'worker')!;
    if (cause === null) {
      expect(out).toEqual(notRunning);
    } else {
      expect(out).toMatchObject({
        severity: 'info',
        causedBy: cause,
        message: `worker is not running; it depends on ${cause}, which has a problem — fix ${cause} first`,
        hint: `fix ${cause} first, then: stack up worker`,
      });
    }
  });
});
