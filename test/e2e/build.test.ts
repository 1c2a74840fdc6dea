// `build:` runs before a service starts and on restart; its output is kept; a failed
// build blocks the start and leaves the running version alone (incident 003).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { stackYaml } from '../helpers/fixtures.js';
import { httpGet, pidsOf, printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();

const BUILD = `
const fs = require('node:fs');
const version = fs.readFileSync('src/version.txt', 'utf8').trim();
console.log('compiling version ' + version);
if (version === 'broken') { console.error('error TS2304: Cannot find name "brokn".'); process.exit(2); }
fs.mkdirSync('dist', { recursive: true });
fs.writeFileSync('dist/version.txt', version);
`;

const SERVER = `
const version = require('node:fs').readFileSync('dist/version.txt', 'utf8');
require('node:http').createServer((req, res) => res.end(version)).listen(process.env.PORT);
process.on('SIGTERM', () => process.exit(0));
`;

describe('build step', () => {
  it('builds before start and on restart; a failed build shows its log and keeps the running version', async () => {
    const [port] = await freePorts(1);
    const p = await project('build-step');
    await p.write('build.js', BUILD);
    await p.write('server.js', SERVER);
    await p.write('src/version.txt', 'v1');
    await p.write(
      'stack.yaml',
      stackYaml({ api: { command: [process.execPath, 'server.js'], build: `${process.execPath} build.js`, port: port!, restart: 'no' } }),
    );

    const up = await runExpecting(p.dir, ['up'], 0);
    expect(up.stdout, printed(up)).toMatch(/api\s+building/);
    expect((await httpGet(port!)).body).toBe('v1');
    expect(await readFile(p.path('.stack/logs/api.build.log'), 'utf8')).toMatch(/compiling version v1/);

    await p.write('src/version.txt', 'v2');
    await runExpecting(p.dir, ['restart', 'api'], 0);
    expect((await httpGet(port!)).body).toBe('v2');
    const good = pidsOf(await statusJson(p.dir)).api;

    await p.write('src/version.txt', 'broken');
    const failed = await runExpecting(p.dir, ['restart', 'api'], 1);
    const output = printed(failed);
    expect(output).toMatch(/api: build failed \(exited with code 2\)/);
    expect(output).toMatch(/error TS2304: Cannot find name "brokn"/);
    expect(output).toMatch(/api\.build\.log/);
    // doctor: the running v2 is stale (its source changed) and the build that would
    // replace it failed, with the end of the build log.
    const doctor = await runExpecting(p.dir, ['doctor', '--json'], 1);
    const findings = (JSON.parse(doctor.stdout) as { findings: Array<{ check: string; severity: string; message: string }> }).findings;
    expect(findings).toContainEqual(expect.objectContaining({ check: 'stale-code', severity: 'error' }));
    expect(findings).toContainEqual(
      expect.objectContaining({ check: 'stale-build', severity: 'warning', message: expect.stringMatching(/api's last build failed \(exited with code 2 at .*error TS2304/) }),
    );
    // Last known good: still the v2 process, untouched.
    expect((await httpGet(port!)).body).toBe('v2');
    expect(serviceIn(await statusJson(p.dir), 'api')).toMatchObject({ pid: good, state: 'running' });

    await runExpecting(p.dir, ['down'], 0);
    const blocked = await runExpecting(p.dir, ['up'], 1);
    expect(printed(blocked)).toMatch(/build failed/);
    expect(serviceIn(await statusJson(p.dir), 'api').pid).toBeNull();
  });

  it('with outputs declared, doctor says when the build is older than its sources, naming both files, until a restart builds', async () => {
    const [port] = await freePorts(1);
    const p = await project('build-outputs');
    await p.write('build.js', BUILD);
    await p.write('server.js', SERVER);
    await p.write('src/version.txt', 'v1');
    await p.write('.gitignore', 'dist/\n');
    const build = { command: `${process.execPath} build.js`, outputs: ['dist/**'] };
    await p.write('stack.yaml', stackYaml({ api: { command: [process.execPath, 'server.js'], build, port: port! } }));
    type Findings = { findings: Array<{ check: string; severity: string; message: string; hint: string }> };
    const staleBuilds = async (code: number) =>
      (JSON.parse((await runExpecting(p.dir, ['doctor', '--json'], code)).stdout) as Findings).findings.filter((f) => f.check === 'stale-build');

    await runExpecting(p.dir, ['up'], 0);
    expect(await staleBuilds(0)).toEqual([]);

    // A source edited, nothing built: the running code and dist/ are both behind.
    await p.write('src/version.txt', 'v2');
    const [older] = await staleBuilds(1);
    expect(older).toMatchObject({ severity: 'warning', hint: expect.stringContaining('stack restart api') });
    expect(older!.message).toMatch(/^api's build is older than its sources: src\/version\.txt \(modified [\d:]+\) is newer than the oldest output, dist\/version\.txt \(written [\d:]+\)$/);

    // restart builds first: fresh again.
    await runExpecting(p.dir, ['restart', 'api'], 0);
    expect((await httpGet(port!)).body).toBe('v2');
    expect(await staleBuilds(0)).toEqual([]);

    // No output at all: a build that never ran, or writes elsewhere than its globs say.
    await runExpecting(p.dir, ['down'], 0);
    await import('node:fs/promises').then((fs) => fs.rm(p.path('dist'), { recursive: true }));
    const [missing] = await staleBuilds(0);
    expect(missing!.message).toBe("api's build outputs are missing: nothing matches dist/** under .");
  });
});
