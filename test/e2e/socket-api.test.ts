// The socket API as another tool would use it: the very curl commands docs/DESIGN.md §9
// shows, against a real stack.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml } from '../helpers/fixtures.js';
import { runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const run = promisify(execFile);
const project = useProjects();
const design = readFileSync(new URL('../../docs/DESIGN.md', import.meta.url), 'utf8');

/** The curl lines of §9's example, as argv (they use only plain words and one single-quoted body). */
function documentedCurls(): string[][] {
  const block = /^## 9\.[\s\S]*?```sh\n([\s\S]*?)```/m.exec(design)?.[1] ?? '';
  return block
    .trim()
    .split('\n')
    .map((line) => line.split(' | ')[0]!)
    .map((line) => [...line.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!));
}

describe('the socket API, as documented', () => {
  it('curl GET /status is `status --json`; curl POST /wait streams progress, then the result', async () => {
    const [port] = await freePorts(1);
    const p = await project('socket-api');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port!, bootMs: 300 }) }));
    await runExpecting(p.dir, ['up', '--no-wait'], 0);
    const [statusCurl, waitCurl] = documentedCurls();
    expect(statusCurl?.[0]).toBe('curl');
    expect(waitCurl?.[0]).toBe('curl');

    const waited = await run(waitCurl![0]!, waitCurl!.slice(1), { cwd: p.dir });
    const lines = waited.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({ type: 'wait-done', ok: true, timedOut: false, results: [{ name: 'api', state: 'running', health: 'healthy', ok: true }] });
    expect(lines.slice(0, -1).every((line) => line.type === 'progress')).toBe(true);

    const status = JSON.parse((await run(statusCurl![0]!, statusCurl!.slice(1), { cwd: p.dir })).stdout) as Awaited<ReturnType<typeof statusJson>>;
    const cli = await statusJson(p.dir);
    expect(status.project).toBe(cli.project);
    expect(serviceIn(status, 'api')).toMatchObject({ state: 'running', health: 'healthy', pid: serviceIn(cli, 'api').pid, port });
  });
});
