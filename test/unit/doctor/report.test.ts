import chalk from 'chalk';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderDoctorReport } from '../../../src/cli/render/doctor-report.js';
import { runChecks } from '../../../src/doctor/runner.js';
import type { Finding } from '../../../src/doctor/types.js';
import { context } from './fixtures.js';

const finding = (over: Partial<Finding>): Finding => ({ check: 'service-down', severity: 'error', service: 'api', message: 'm', hint: 'h', fixable: false, ...over });

describe('renderDoctorReport (no color)', () => {
  beforeAll(() => {
    chalk.level = 0;
  });

  it('groups by service, marks severity, gives the next command, and sums up', () => {
    const text = renderDoctorReport(
      {
        ok: false,
        findings: [
          finding({ message: 'api is down: exited with code 1', hint: 'stack logs api' }),
          finding({ check: 'dependency-down', service: 'web', causedBy: 'api', message: 'api is down; web depends on it', hint: 'stack doctor api' }),
          finding({ check: 'health-port-mismatch', severity: 'warning', service: 'web', message: 'w', hint: 'x' }),
        ],
      },
      ['api', 'web', 'db'],
    );
    expect(text.split('\n')).toEqual([
      'api',
      '  ✖ api is down: exited with code 1',
      '    → stack logs api',
      'web',
      '  ✖ api is down; web depends on it',
      '    → stack doctor api',
      '  ⚠ w',
      '    → x',
      '✔ db: no problems found',
      '',
      '✖ 2 problems: api is down; web depends on api (and 1 warning)',
    ]);
  });

  it('never calls a service fine that another finding names as the cause', () => {
    const text = renderDoctorReport(
      { ok: false, findings: [finding({ check: 'dependency-down', service: 'api', causedBy: 'cache', message: 'cache is down; api depends on it' })] },
      ['cache', 'api', 'web'],
    );
    expect(text).toMatch(/✔ web: no problems found/);
    expect(text).not.toMatch(/cache.*no problems found/);
  });

  it('says so when all is well, or when services are merely not started', () => {
    expect(renderDoctorReport({ ok: true, findings: [] }, ['a', 'b'])).toMatch(/✔ all 2 services healthy and fresh$/);
    const notStarted = renderDoctorReport({ ok: true, findings: [finding({ severity: 'info', service: 'a' })] }, ['a']);
    expect(notStarted).toMatch(/✔ no problems; not running: a \(start with: stack up\)$/);
  });
});

describe('runChecks', () => {
  it('turns a check that throws into a warning, keeping the others', async () => {
    const findings = await runChecks(context([], null), [
      { id: 'stale-code', run: async () => { throw new Error('boom'); } },
      { id: 'service-down', run: async () => [finding({})] },
    ]);
    expect(findings).toEqual([
      expect.objectContaining({ check: 'stale-code', severity: 'warning', message: 'the stale-code check could not run: boom' }),
      finding({}),
    ]);
  });
});

describe('summary of config problems', () => {
  it('says the file has N problems once, instead of one phrase per check id', async () => {
    const { summaryLine } = await import('../../../src/cli/render/doctor-report.js');
    const report = {
      ok: false,
      findings: [
        finding({ check: 'config-invalid', service: 'api', message: 'stack.yaml:4:11 services.api.port: expected a port' }),
        finding({ check: 'dependency-missing', service: 'api', message: "stack.yaml:5:18 services.api.depends_on[0]: unknown service 'db'" }),
        finding({ check: 'service-down', service: 'web', message: 'web is down' }),
      ],
    };
    expect(summaryLine(report, 2).replace(/\u001b\[\d+m/g, '')).toBe('✖ 3 problems: stack.yaml has 2 problems; web is down');
  });
});


describe('summary of config-changed', () => {
  it('tells a process with an older config from one stack.yaml no longer lists, whether or not a restart fixes it', async () => {
    const { summaryLine } = await import('../../../src/cli/render/doctor-report.js');
    const report = {
      ok: false,
      findings: [
        finding({ check: 'config-changed', service: 'api', message: 'api runs with an older config: env.A changed in stack.yaml since it started', fixable: true }),
        finding({ check: 'config-changed', service: 'web', message: 'web runs with an older config: env.B changed in the last stack.yaml that loaded, since it started' }),
        finding({ check: 'config-changed', service: 'old', message: 'old still runs, but stack.yaml no longer lists it' }),
      ],
    };
    expect(summaryLine(report, 3).replace(/\u001b\[\d+m/g, '')).toBe(
      '✖ 3 problems: api runs with an older config; web runs with an older config; old is no longer in stack.yaml',
    );
  });
});
