// `stack graph` on a 4-service stack: tree, dot, mermaid and json, without a daemon (the
// graph alone) and with one (each service's live state).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { httpService, oneshotTask, stackYaml } from '../helpers/fixtures.js';
import { parseMermaid } from '../helpers/mermaid.js';
import { waitFor } from '../helpers/procs.js';
import { printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();
const hasDot = spawnSync('dot', ['-V']).status === 0;
const NEEDS_DOT = 'needs Graphviz (apt-get install graphviz; .ci/run installs it)';

/** db ← migrate ← api ← web, each condition once; `write(webEnv)` rewrites stack.yaml with the same ports. */
async function fourServices(name: string) {
  const [pdb, papi, pweb] = await freePorts(3);
  const p = await project(name);
  const write = (webEnv: Record<string, string> = {}): Promise<unknown> =>
    p.write(
      'stack.yaml',
      stackYaml({
        db: httpService({ port: pdb! }),
        migrate: { ...oneshotTask(), depends_on: { db: 'healthy' } },
        api: { ...httpService({ port: papi! }), depends_on: { db: 'healthy', migrate: 'completed' } },
        web: { ...httpService({ port: pweb!, env: webEnv }), depends_on: { api: 'started' } },
      }),
    );
  await write();
  return Object.assign(p, { rewrite: write });
}

describe('stack graph', () => {
  it('draws the graph without a daemon, and starts none', async () => {
    const p = await fourServices('graph-cold');

    const tree = await runExpecting(p.dir, ['graph'], 0);
    expect(tree.stdout.trimEnd().split('\n'), printed(tree)).toEqual([
      'web',
      '└─ api [started]',
      '   ├─ db [healthy]',
      '   └─ migrate [completed]',
      '      └─ db [healthy] (see above)',
    ]);
    const json = JSON.parse((await runExpecting(p.dir, ['graph', '--format', 'json'], 0)).stdout) as { services: Array<Record<string, unknown>> };
    expect(json.services.map((s) => s.name)).toEqual(['db', 'migrate', 'api', 'web']);
    expect(json.services[2]).toEqual({ name: 'api', dependsOn: { db: 'healthy', migrate: 'completed' } });
    const mermaid = await runExpecting(p.dir, ['graph', '--format', 'mermaid'], 0);
    expect(mermaid.stdout, printed(mermaid)).toMatch(/^graph TD\n/);
    expect(mermaid.stdout).toContain('s2 -->|"completed"| s1');

    const status = await statusJson(p.dir);
    expect(status.daemon.running, 'graph must not start a daemon').toBe(false);
  });

  it('shows live state, STALE and CONFIG CHANGED with a daemon running', async () => {
    const p = await fourServices('graph-live');
    await runExpecting(p.dir, ['up'], 0);
    await p.rewrite({ EXTRA: '1' });
    // Every service watches the project directory (the default `**`): a new file there is newer than each process.
    await p.write('edited.js', '// edited\n');
    await waitFor(
      async () => {
        const status = await statusJson(p.dir);
        return serviceIn(status, 'web').configChanged && serviceIn(status, 'api').stale && serviceIn(status, 'web').stale;
      },
      { message: 'web to show CONFIG CHANGED, api and web STALE' },
    );

    const tree = await runExpecting(p.dir, ['graph'], 0);
    expect(tree.stdout, printed(tree)).toMatch(/^web {2}running, healthy, STALE, CONFIG CHANGED$/m);
    expect(tree.stdout).toMatch(/^└─ api \[started\] {2}running, healthy, STALE$/m);
    expect(tree.stdout).toMatch(/^ {3}└─ migrate \[completed\] {2}exited$/m);
    const json = JSON.parse((await runExpecting(p.dir, ['graph', '--format', 'json'], 0)).stdout) as { services: Array<Record<string, unknown>> };
    expect(json.services[3]).toMatchObject({ name: 'web', state: 'running', health: 'healthy', stale: true, configChanged: true });
    const mermaid = await runExpecting(p.dir, ['graph', '--format', 'mermaid'], 0);
    expect(mermaid.stdout).toContain('s3["web<br/>running, healthy, STALE, CONFIG CHANGED"]');
    await expect(parseMermaid(mermaid.stdout)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });

    const dot = await runExpecting(p.dir, ['graph', '--format', 'dot'], 0);
    expect(dot.stdout).toContain('"web" [label="web\\nrunning, healthy, STALE, CONFIG CHANGED", color=red];');
    expect(spawnSync('dot', ['-Tsvg'], { input: dot.stdout, encoding: 'utf8' }).status, NEEDS_DOT).toBe(0);
  });

  it('the dot output of a live stack is accepted by Graphviz (dot -Tsvg)', async () => {
    expect(hasDot, NEEDS_DOT).toBe(true);
    const p = await fourServices('graph-dot-checked');
    const dot = await runExpecting(p.dir, ['graph', '--format', 'dot'], 0);
    const checked = spawnSync('dot', ['-Tsvg'], { input: dot.stdout, encoding: 'utf8' });
    expect(checked.status, checked.stderr).toBe(0);
  });

  it('refuses an unknown format (exit 2)', async () => {
    const p = await fourServices('graph-usage');
    const bad = await runExpecting(p.dir, ['graph', '--format', 'svg'], 2);
    expect(bad.stderr, printed(bad)).toMatch(/Allowed choices are tree, dot, mermaid, json/);
  });
});
