// The real demo stack of the repository (stack.yaml + examples/), on free ports so it
// cannot collide with a demo someone is running: the 60-second tour of the README.
import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { freePorts } from '../helpers/free-port.js';
import { describeProcs, isPidAlive, processesUnder, waitFor } from '../helpers/procs.js';
import { httpGet, linesOf, pidsOf, printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();

const DEMO_PORTS = [7401, 7402, 7403];
const SERVICES = ['db', 'api', 'worker', 'web'];

describe('the demo stack', () => {
  it('up, status, restart api, logs api, down', async () => {
    const ports = await freePorts(DEMO_PORTS.length);
    const p = await project('demo');
    let yaml = await readFile(path.join(REPO_ROOT, 'stack.yaml'), 'utf8');
    DEMO_PORTS.forEach((demoPort, i) => {
      yaml = yaml.replace(new RegExp(`\\b${demoPort}\\b`, 'g'), String(ports[i]));
    });
    for (const demoPort of DEMO_PORTS) expect(yaml).not.toContain(String(demoPort));
    await p.write('stack.yaml', yaml);
    await cp(path.join(REPO_ROOT, 'examples'), p.path('examples'), { recursive: true });
    const [, apiPort, webPort] = ports as [number, number, number];

    const up = await runExpecting(p.dir, ['up'], 0);
    for (const name of SERVICES) expect(up.stdout + up.stderr, printed(up)).toMatch(new RegExp(`\\b${name}\\s+(healthy|running)\\b`));

    const status = await statusJson(p.dir);
    expect(status.services.map((s) => s.name).sort()).toEqual([...SERVICES].sort());
    for (const name of SERVICES) expect(serviceIn(status, name), name).toMatchObject({ state: 'running', health: 'healthy' });
    expect((await httpGet(apiPort, '/health')).status).toBe(200);
    expect((await httpGet(webPort, '/')).status).toBe(200);

    const restart = await runExpecting(p.dir, ['restart', 'api'], 0);
    const before = pidsOf(status);
    const afterRestart = await statusJson(p.dir);
    const after = pidsOf(afterRestart);
    expect(after.api, printed(restart)).toBeTypeOf('number');
    expect(after.api, printed(restart)).not.toBe(before.api);
    for (const name of ['db', 'worker', 'web']) expect(after[name], `${name} keeps its pid`).toBe(before[name]);
    expect(serviceIn(afterRestart, 'api')).toMatchObject({ state: 'running', health: 'healthy' });

    const logs = await runExpecting(p.dir, ['logs', 'api', '-n', '5'], 0);
    const lines = linesOf(logs.stdout);
    expect(lines.length, printed(logs)).toBeGreaterThan(0);
    expect(lines.length, printed(logs)).toBeLessThanOrEqual(5);
    for (const line of lines) expect(line, printed(logs)).toMatch(/^api\b/);

    const recorded = new Set<number>([
      ...(Object.values(after) as number[]),
      afterRestart.daemon.pid!,
      ...processesUnder(p.dir).map((proc) => proc.pid),
    ]);
    const down = await runExpecting(p.dir, ['down'], 0);
    const services = Object.values(after) as number[];
    expect(services.filter((pid) => isPidAlive(pid)), `services alive after down\n${printed(down)}`).toEqual([]);
    await waitFor(() => [...recorded].every((pid) => !isPidAlive(pid)), { timeoutMs: 5000, message: 'every demo process to be gone after down' });
    expect(describeProcs(processesUnder(p.dir))).toBe('(none)');
  });
});
