// `stack events`: the timeline of what happened to each service, and why.
import { describe, expect, it } from 'vitest';
import { startStack, stopStack, waitForOutput } from '../helpers/cli.js';
import { freePorts } from '../helpers/free-port.js';
import { chattyService, httpService, stackYaml } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/procs.js';
import { httpGet, linesOf, pidsOf, printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();

describe('stack events', () => {
  it('tells what happened to a service in sentences: started, killed by SIGKILL, will restart, restart #1 begins', async () => {
    const [pdb, papi] = await freePorts(2);
    const p = await project('events');
    await p.write(
      'stack.yaml',
      stackYaml({
        db: httpService({ port: pdb!, argv: true }),
        api: { ...httpService({ port: papi!, argv: true }), depends_on: ['db'] },
      }),
    );
    await runExpecting(p.dir, ['up'], 0);
    const { api: pid } = pidsOf(await statusJson(p.dir));
    process.kill(pid!, 'SIGKILL');
    await waitFor(async () => serviceIn(await statusJson(p.dir), 'api').restarts === 1, { timeoutMs: 15_000, message: 'api restarted' });

    const events = await runExpecting(p.dir, ['events', 'api'], 0);
    const text = events.stdout;
    expect(text, printed(events)).toMatch(new RegExp(`api\\s+started \\(pid ${pid}\\)`));
    expect(text).toMatch(/api\s+killed by SIGKILL/);
    // One restart, two moments: the decision when it died, then the new run beginning.
    expect(text).toMatch(/api\s+will restart (at once|in \S+): killed by SIGKILL[\s\S]*api\s+restart #1 begins: killed by SIGKILL/);
    expect(text).not.toMatch(/restarted|restarting now/);
    expect(text).not.toMatch(/^\S+\s+db\s/m);

    const json = await runExpecting(p.dir, ['events', '--json', '-n', '3'], 0);
    const parsed = linesOf(json.stdout).map((line) => JSON.parse(line) as { type: string; at: string });
    expect(parsed).toHaveLength(3);
    for (const event of parsed) expect(Date.parse(event.at)).not.toBeNaN();
  });

  it('events -f prints a new event as it happens', async () => {
    const [port] = await freePorts(1);
    const p = await project('events-follow');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port!, argv: true }) }));
    await runExpecting(p.dir, ['up'], 0);
    const follower = startStack(p.dir, ['events', '-f']);
    try {
      await waitForOutput(follower, /started \(pid/);
      await runExpecting(p.dir, ['restart', 'api'], 0);
      await waitForOutput(follower, /stopped pid/);
    } finally {
      await stopStack(follower);
    }
  });

  it('up --attach follows the logs after start; Ctrl-C detaches and the services keep running', async () => {
    const [port] = await freePorts(1);
    const p = await project('attach');
    await p.write('stack.yaml', stackYaml({ api: chattyService({ port: port!, argv: true, lines: 1 }) }));
    const up = startStack(p.dir, ['up', '--attach']);
    await waitForOutput(up, /following logs/);
    await httpGet(port!, '/say?text=said-after-attach');
    await waitForOutput(up, /api \| said-after-attach/);
    const result = await stopStack(up, { signal: 'SIGINT' });
    expect(result.code, printed(result)).toBe(0);
    expect(serviceIn(await statusJson(p.dir), 'api')).toMatchObject({ state: 'running' });
  });
});
