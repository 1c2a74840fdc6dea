// `up`, `down` and `restart --json`: no progress lines on stdout, one document at the end
// whose state, health and pid are those `status --json` shows, and the failing service's
// error on a failed up (exit 1, the reason still on stderr).
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { crashService, httpService, stackYaml } from '../helpers/fixtures.js';
import type { OperationJson } from '../../src/cli/render/operation-json.js';
import { pidsOf, printed, runExpecting, statusJson, useProjects } from './support.js';

const project = useProjects();

function parsed(stdout: string): OperationJson {
  return JSON.parse(stdout) as OperationJson;
}

async function twoServices(name: string) {
  const [pdb, papi] = await freePorts(2);
  const p = await project(name);
  await p.write('stack.yaml', stackYaml({ db: httpService({ port: pdb! }), api: { ...httpService({ port: papi! }), depends_on: ['db'] } }));
  return p;
}

describe('--json on up, down and restart', () => {
  it('up --json prints one document: each service running and healthy, with the pids status shows', async () => {
    const p = await twoServices('json-up');
    const up = await runExpecting(p.dir, ['up', '--json'], 0);
    const doc = parsed(up.stdout);
    expect(doc.ok, printed(up)).toBe(true);
    expect(doc.services.map((s) => s.name)).toEqual(['db', 'api']);
    const pids = pidsOf(await statusJson(p.dir));
    for (const s of doc.services) {
      expect(s, printed(up)).toMatchObject({ state: 'running', health: 'healthy', pid: pids[s.name], error: null });
      expect(s.pid).toBeTypeOf('number');
      expect(s.elapsedMs).toBeTypeOf('number');
    }

    const restart = await runExpecting(p.dir, ['restart', 'api', '--json'], 0);
    const again = parsed(restart.stdout);
    expect(again.services.map((s) => s.name), printed(restart)).toEqual(['api']);
    expect(again.services[0]!.pid).toBe(pidsOf(await statusJson(p.dir)).api);
    expect(again.services[0]!.pid).not.toBe(pids.api);

    const down = await runExpecting(p.dir, ['down', '--json'], 0);
    const stopped = parsed(down.stdout);
    expect(stopped.ok, printed(down)).toBe(true);
    expect(stopped.services.map((s) => [s.name, s.state, s.pid, s.error])).toEqual([
      ['db', 'stopped', null, null],
      ['api', 'stopped', null, null],
    ]);
    expect(stopped.services.every((s) => typeof s.elapsedMs === 'number'), printed(down)).toBe(true);

    const nothing = await runExpecting(p.dir, ['down', '--json'], 0);
    expect(parsed(nothing.stdout).services.map((s) => s.state), printed(nothing)).toEqual(['stopped', 'stopped']);
  });

  it('a failing up --json: exit 1, error set on the failing service and its dependent, the reason on stderr', async () => {
    const [papi, pweb] = await freePorts(2);
    const p = await project('json-fail');
    await p.write(
      'stack.yaml',
      stackYaml({ api: crashService({ module: 'left-pad', port: papi, restart: 'no' }), web: { ...httpService({ port: pweb! }), depends_on: ['api'] } }),
    );
    const up = await runExpecting(p.dir, ['up', '--json'], 1);
    const doc = parsed(up.stdout);
    expect(doc.ok, printed(up)).toBe(false);
    const api = doc.services.find((s) => s.name === 'api');
    const web = doc.services.find((s) => s.name === 'web');
    expect(api?.error, printed(up)).toMatch(/exit/);
    expect(web?.error, printed(up)).toBeTypeOf('string');
    expect(web?.pid).toBeNull();
    expect(up.stderr, printed(up)).toContain("Cannot find module 'left-pad'");
  });

  it('--json does not go with --attach, --foreground or --dry-run (exit 2)', async () => {
    const p = await twoServices('json-usage');
    const result = await runExpecting(p.dir, ['up', '--json', '--dry-run'], 2);
    expect(result.stderr, printed(result)).toMatch(/--json and --dry-run do not go together/);
  });
});
