// stack doctor against real processes, one temp project per test, named after the
// incidents it must catch (INCIDENTS.md): what a user sees (exit code, JSON, sentences).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { crashService, fixtureScript, httpService, stackYaml } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/procs.js';
import type { Finding } from '../../src/doctor/types.js';
import { httpGet, printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();
const byHand: ChildProcess[] = [];
afterEach(() => {
  for (const child of byHand.splice(0)) child.kill('SIGKILL');
});

interface DoctorJson {
  ok: boolean;
  findings: Finding[];
}

async function doctorJson(dir: string, code: number, args: string[] = []): Promise<DoctorJson> {
  const result = await runExpecting(dir, ['doctor', '--json', ...args], code);
  try {
    return JSON.parse(result.stdout) as DoctorJson;
  } catch (err) {
    throw new Error(`doctor --json did not print JSON (${(err as Error).message}):\n${printed(result)}`);
  }
}

const summary = (report: DoctorJson): string[] => report.findings.map((f) => `${f.service}:${f.check}`);

describe('stack doctor', () => {
  it('a healthy stack: no findings, exit 0, and the JSON shape of DESIGN §5', async () => {
    const [pdb, papi] = await freePorts(2);
    const p = await project('doctor-healthy');
    await p.write('stack.yaml', stackYaml({ db: httpService({ port: pdb!, argv: true }), api: { ...httpService({ port: papi!, argv: true }), depends_on: ['db'] } }));
    await runExpecting(p.dir, ['up'], 0);

    expect(await doctorJson(p.dir, 0)).toEqual({ ok: true, findings: [] });
    const human = await runExpecting(p.dir, ['doctor'], 0);
    expect(human.stdout).toMatch(/✔ all 2 services healthy and fresh/);
    expect(human.stderr).toBe('');
  });

  it('000: an edit after start is stale-code naming the file; --fix restarts it and the finding is gone', async () => {
    const [port] = await freePorts(1);
    const p = await project('doctor-000');
    await p.write('api/server.js', "require('node:http').createServer((q, r) => r.end('v1')).listen(process.env.PORT);\n");
    await p.write('stack.yaml', stackYaml({ api: { command: ['node', 'server.js'], cwd: 'api', port: port! } }));
    await runExpecting(p.dir, ['up'], 0);
    await p.write('api/server.js', "require('node:http').createServer((q, r) => r.end('v2')).listen(process.env.PORT);\n");
    await waitFor(async () => serviceIn(await statusJson(p.dir), 'api').stale, { timeoutMs: 10_000, intervalMs: 100, message: 'api marked stale' });

    const report = await doctorJson(p.dir, 1);
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual([
      expect.objectContaining({ check: 'stale-code', severity: 'error', service: 'api', fixable: true, hint: 'stack restart api' }),
    ]);
    expect(report.findings[0]!.message).toMatch(/^api runs stale code: api\/server\.js was modified \S+ after it started$/);

    const fixed = await runExpecting(p.dir, ['doctor', '--fix'], 0);
    expect(fixed.stdout).toMatch(/restarting api/);
    expect(fixed.stdout).toMatch(/✔ fixed: api runs stale code/);
    expect((await httpGet(port!)).body).toBe('v2');
  });

  it('001: a killed dependency under a healthy dependent is listed first; the dependent points at it', async () => {
    const [pdb, papi] = await freePorts(2);
    const p = await project('doctor-001');
    await p.write(
      'stack.yaml',
      stackYaml({
        api: { ...httpService({ port: papi!, name: 'api', argv: true }), depends_on: ['db'] },
        db: { ...httpService({ port: pdb!, name: 'db', argv: true }), restart: 'no' },
      }),
    );
    await runExpecting(p.dir, ['up'], 0);
    process.kill(serviceIn(await statusJson(p.dir), 'db').pid!, 'SIGKILL');
    await waitFor(async () => serviceIn(await statusJson(p.dir), 'db').state === 'exited', { timeoutMs: 10_000, message: 'db exited' });

    const report = await doctorJson(p.dir, 1);
    expect(summary(report)).toEqual(['db:service-down', 'api:dependency-down']);
    expect(report.findings[0]!.message).toMatch(/^db is down: killed by SIGKILL at \S+/);
    expect(report.findings[1]).toMatchObject({ causedBy: 'db', fixable: false });
    expect(report.findings[1]!.message).toMatch(/^db is down \(SIGKILL at \S+\); api depends on it — fix db first$/);

    const human = await runExpecting(p.dir, ['doctor'], 1);
    expect(human.stdout.indexOf('db is down:')).toBeLessThan(human.stdout.indexOf('api depends on it'));
    expect(human.stdout).toMatch(/→ stack logs db/);
    expect(human.stdout).toMatch(/✖ 2 problems: db is down; api depends on db/);

    // Naming a service checks it and what it depends on.
    expect(summary(await doctorJson(p.dir, 1, ['api']))).toEqual(['db:service-down', 'api:dependency-down']);
    const unknown = await runExpecting(p.dir, ['doctor', 'apx'], 2);
    expect(unknown.stderr).toMatch(/No service named apx \(did you mean api\?\)/);
    // --fix --json: progress on stderr, stdout stays the JSON report of the re-check.
    const fix = await runExpecting(p.dir, ['doctor', '--fix', '--json'], 0);
    expect(JSON.parse(fix.stdout)).toEqual({ ok: true, findings: [] });
    expect(fix.stderr).toMatch(/restarting db/);
    expect(fix.stderr).toMatch(/✔ fixed: db is down; api depends on db/);
  });

  it('002: services exiting at import with a module error are service-down with "Cannot find module"', async () => {
    const p = await project('doctor-002');
    await p.write('stack.yaml', stackYaml({ users: crashService({ module: 'shared/models', restart: 'no' }), orders: crashService({ module: 'left-pad', restart: 'no' }) }));
    await runExpecting(p.dir, ['up'], 1);

    const report = await doctorJson(p.dir, 1);
    const down = report.findings.filter((f) => f.check === 'service-down');
    expect(down.map((f) => f.service).sort()).toEqual(['orders', 'users']);
    expect(down.find((f) => f.service === 'users')!.message).toMatch(/exited with code 1 at \S+: Error: Cannot find module 'shared\/models'/);
    expect(down.find((f) => f.service === 'orders')!.message).toMatch(/Cannot find module 'left-pad'/);
  });

  it('003: a service listening on another port than declared is port-mismatch', async () => {
    const [declared, real] = await freePorts(2);
    const p = await project('doctor-003');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: declared!, listenPort: real!, health: { tcp: real! }, argv: true }) }));
    await runExpecting(p.dir, ['up'], 0);

    const report = await doctorJson(p.dir, 1);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ check: 'port-mismatch', severity: 'error', service: 'api', message: `api listens on ${real} but stack.yaml says ${declared}` }),
    );
    expect(report.findings).toContainEqual(expect.objectContaining({ check: 'health-port-mismatch', severity: 'warning', service: 'api' }));
  });

  it('004: a DATABASE_URL pointing at a port nothing listens on is dependency-unreachable (no daemon needed)', async () => {
    const [papi, nothing] = await freePorts(2);
    const p = await project('doctor-004');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: papi!, argv: true, env: { DATABASE_URL: `postgres://app:hunter2@127.0.0.1:${nothing}/shop` } }) }));

    const report = await doctorJson(p.dir, 1);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        check: 'dependency-unreachable',
        service: 'api',
        message: `api is configured to reach 127.0.0.1:${nothing} (DATABASE_URL), which does not accept connections: connection refused`,
      }),
    );
    expect(JSON.stringify(report)).not.toMatch(/hunter2/);
    expect(report.findings).toContainEqual(expect.objectContaining({ check: 'service-down', severity: 'info', service: 'api' }));
  });

  it('a declared port held by a hand-started server is port-conflict naming its pid; --fix never kills it', async () => {
    const [port] = await freePorts(1);
    const p = await project('doctor-conflict');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port!, argv: true }) }));
    const child = spawn(process.execPath, [fixtureScript('http-server')], { cwd: p.dir, env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
    byHand.push(child);
    await waitFor(() => httpGet(port!).then((r) => r.status === 200), { timeoutMs: 10_000, message: 'hand-started server' });

    const report = await doctorJson(p.dir, 1);
    const conflict = report.findings.find((f) => f.check === 'port-conflict');
    expect(conflict, JSON.stringify(report)).toMatchObject({ service: 'api', severity: 'error', fixable: false, hint: `kill ${child.pid}` });
    expect(conflict!.message).toMatch(new RegExp(`^port ${port} of api is held by pid ${child.pid} \\(.*http-server\\.js`));

    const fix = await runExpecting(p.dir, ['doctor', '--fix'], 1);
    expect(fix.stdout).toMatch(new RegExp(`not touching api: .*kill ${child.pid}`));
    expect(child.exitCode).toBeNull();
    expect((await httpGet(port!)).status).toBe(200);
  });

  it('a broken stack.yaml is reported as findings with file:line:col, exit 1 (not the exit-2 crash)', async () => {
    const p = await project('doctor-config');
    await p.write('stack.yaml', 'services:\n  db:\n    comand: node db.js\n  api:\n    command: node api.js\n    depends_on: [dbb]\n');

    const report = await doctorJson(p.dir, 1);
    expect(summary(report)).toEqual(['db:config-invalid', 'api:dependency-missing']);
    expect(report.findings[0]!.message).toMatch(/^stack\.yaml:3:5 services\.db\.comand: unknown key 'comand'/);
    expect(report.findings[1]!.message).toMatch(/^stack\.yaml:6:\d+ services\.api\.depends_on\[0\]: unknown service 'dbb' \(did you mean 'db'\?\)/);
    const human = await runExpecting(p.dir, ['doctor'], 1);
    expect(human.stdout).toMatch(/✖ stack\.yaml:3:5/);
  });

  it('002: a service that keeps crashing at import ends as crash-loop, with the reason', async () => {
    const p = await project('doctor-crashloop');
    await p.write('stack.yaml', stackYaml({ broken: crashService({ module: 'left-pad' }) }));
    await runExpecting(p.dir, ['up'], 1);
    await waitFor(async () => serviceIn(await statusJson(p.dir), 'broken').state === 'crashloop', {
      timeoutMs: 45_000,
      intervalMs: 250,
      message: 'broken in crashloop',
    });

    const report = await doctorJson(p.dir, 1);
    const loop = report.findings.find((f) => f.check === 'crash-loop');
    expect(loop, JSON.stringify(report)).toMatchObject({ service: 'broken', severity: 'error', fixable: false });
    expect(loop!.message).toMatch(/^broken is in a crash loop: restarted \d+ times, then stack stopped trying; last: exited with code 1 at \S+: Error: Cannot find module 'left-pad'$/);
    // Restarting would crash again: --fix leaves it alone.
    expect(report.findings.find((f) => f.check === 'service-down')).toMatchObject({ fixable: false });
  }, 60_000);

  it('--staged (pre-commit) checks only the services whose sources are staged: they must be up and fresh', async () => {
    const [port] = await freePorts(1);
    const p = await project('doctor-staged');
    const git = (args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: p.dir, stdio: 'pipe' });
    const server = (v: string) => `require('node:http').createServer((q, s) => s.end('${v}')).listen(process.env.PORT);\nprocess.on('SIGTERM', () => process.exit(0));\n`;
    git(['init', '-q']);
    await p.write('.gitignore', '.stack/\n');
    await p.write('README.md', 'docs\n');
    await p.write('api/server.js', server('v1'));
    await p.write('stack.yaml', stackYaml({ api: { command: ['node', 'server.js'], cwd: 'api', port: port! } }));
    git(['add', '-A']);
    git(['commit', '-q', '-m', 'start']);

    // A staged change that is no service's source: nothing to try, exit 0 even with nothing running.
    await p.write('README.md', 'more docs\n');
    git(['add', 'README.md']);
    const docs = await runExpecting(p.dir, ['doctor', '--staged'], 0);
    expect(docs.stdout).toMatch(/touch no service's sources/);

    // A staged change to api while api is not running: it was never tried.
    await p.write('api/server.js', server('v2'));
    git(['add', 'api/server.js']);
    const untried = await doctorJson(p.dir, 1, ['--staged']);
    expect(untried.findings).toContainEqual(
      expect.objectContaining({ check: 'service-down', service: 'api', severity: 'error', message: expect.stringMatching(/not tried against a running service/) }),
    );

    // Running, then the source changes again: stale, so the commit is blocked.
    await runExpecting(p.dir, ['up'], 0);
    await sleep(50);
    await p.write('api/server.js', server('v3'));
    git(['add', 'api/server.js']);
    const stale = await waitFor(async () => {
      const r = await doctorJson(p.dir, 1, ['--staged']).catch(() => null);
      return r?.findings.some((f) => f.check === 'stale-code') ? r : null;
    }, { timeoutMs: 10_000, message: 'stale-code under --staged' });
    expect(stale.findings).toContainEqual(expect.objectContaining({ check: 'stale-code', service: 'api', severity: 'error' }));

    // After a restart the same staged change has been tried: exit 0.
    await runExpecting(p.dir, ['restart', 'api'], 0);
    const fresh = await runExpecting(p.dir, ['doctor', '--staged'], 0);
    expect(fresh.stdout).toMatch(/the 1 service the staged changes touch are up, healthy and fresh/);

    // The staged stack.yaml is what is checked, not the working tree's.
    await p.write('stack.yaml', 'services:\n  api:\n    comand: node server.js\n');
    git(['add', 'stack.yaml']);
    await p.write('stack.yaml', stackYaml({ api: { command: ['node', 'server.js'], cwd: 'api', port: port! } }));
    const report = await doctorJson(p.dir, 1, ['--staged']);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ check: 'config-invalid', service: 'api', message: expect.stringMatching(/^stack\.yaml:3:5 services\.api\.comand: unknown key 'comand'/) }),
    );
  });
});
