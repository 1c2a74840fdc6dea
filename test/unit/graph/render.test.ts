// `stack graph`'s renderers on one 4-service stack (a shared dependency, each condition),
// without and with live state. The dot output is checked by the real Graphviz, the mermaid
// output by mermaid's own parser (the one GitHub renders markdown with).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { graphJson, type GraphNode } from '../../../src/graph/graph-view.js';
import { renderDot } from '../../../src/graph/render-dot.js';
import { renderMermaid } from '../../../src/graph/render-mermaid.js';
import { renderTree } from '../../../src/graph/render-tree.js';
import { parseMermaid } from '../../helpers/mermaid.js';

const plain: GraphNode[] = [
  { name: 'db', dependsOn: {} },
  { name: 'migrate', dependsOn: { db: 'healthy' } },
  { name: 'api', dependsOn: { db: 'healthy', migrate: 'completed' } },
  { name: 'web', dependsOn: { api: 'started' } },
];
const up = { state: 'running', health: 'healthy', stale: false, configChanged: false };
const live: GraphNode[] = [
  { ...plain[0]!, live: up },
  { ...plain[1]!, live: { state: 'exited', health: 'unknown', stale: false, configChanged: false } },
  { ...plain[2]!, live: { ...up, stale: true } },
  { ...plain[3]!, live: { ...up, configChanged: true } },
];

const hasDot = spawnSync('dot', ['-V']).status === 0;
const NEEDS_DOT = 'needs Graphviz (apt-get install graphviz; .ci/run installs it)';

describe('renderTree', () => {
  it.each<[string, GraphNode[], string[]]>([
    [
      'without a daemon',
      plain,
      ['web', '└─ api [started]', '   ├─ db [healthy]', '   └─ migrate [completed]', '      └─ db [healthy] (see above)'],
    ],
    [
      'with live state',
      live,
      [
        'web  running, healthy, CONFIG CHANGED',
        '└─ api [started]  running, healthy, STALE',
        '   ├─ db [healthy]  running, healthy',
        '   └─ migrate [completed]  exited',
        '      └─ db [healthy] (see above)',
      ],
    ],
    ['independent services, each a root', [{ name: 'a', dependsOn: {} }, { name: 'b', dependsOn: {} }], ['a', 'b']],
    [
      'two roots sharing a dependency',
      [
        { name: 'db', dependsOn: {} },
        { name: 'api', dependsOn: { db: 'healthy' } },
        { name: 'worker', dependsOn: { db: 'started' } },
      ],
      ['api', '└─ db [healthy]', 'worker', '└─ db [started] (see above)'],
    ],
  ])('%s', (_what, nodes, lines) => {
    expect(renderTree(nodes).split('\n')).toEqual(lines);
  });
});

describe('renderDot', () => {
  it.each<[string, GraphNode[], string[]]>([
    ['without a daemon', plain, ['"db" [label="db"];', '"api" -> "migrate" [label="completed"];', '"web" -> "api" [label="started"];']],
    ['with live state', live, ['"api" [label="api\\nrunning, healthy, STALE", color=red];', '"db" [label="db\\nrunning, healthy"];']],
  ])('%s', (_what, nodes, fragments) => {
    const dot = renderDot(nodes, 'shop "demo"');
    expect(dot.startsWith('digraph "shop \\"demo\\"" {')).toBe(true);
    for (const fragment of fragments) expect(dot).toContain(fragment);
  });

  it('is accepted by Graphviz (dot -Tsvg)', () => {
    expect(hasDot, NEEDS_DOT).toBe(true);
    for (const nodes of [plain, live]) {
      const result = spawnSync('dot', ['-Tsvg'], { input: renderDot(nodes, 'shop "demo"'), encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    }
  });
});

describe('renderMermaid', () => {
  it.each<[string, GraphNode[], string[]]>([
    ['without a daemon', plain, ['graph TD', '  s0["db"]', '  s2 -->|"completed"| s1', '  s3 -->|"started"| s2']],
    ['with live state', live, ['  s2["api<br/>running, healthy, STALE"]', '  s1["migrate<br/>exited"]']],
    ['names mermaid would read as keywords or arrows', [{ name: 'end', dependsOn: { 'o-db': 'healthy' } }, { name: 'o-db', dependsOn: {} }], ['  s0["end"]', '  s1["o-db"]', '  s0 -->|"healthy"| s1']],
  ])('%s', (_what, nodes, lines) => {
    const out = renderMermaid(nodes).split('\n');
    for (const line of lines) expect(out).toContain(line);
  });

  it.each<[string, GraphNode[]]>([
    ['without a daemon', plain],
    ['with live state', live],
    ['names mermaid would read as keywords or arrows', [{ name: 'end', dependsOn: { 'o-db': 'healthy', 'x"y': 'started' } }, { name: 'o-db', dependsOn: {} }, { name: 'x"y', dependsOn: {} }]],
  ])('is accepted by mermaid as a flowchart: %s', async (_what, nodes) => {
    await expect(parseMermaid(renderMermaid(nodes))).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
  });

  it('the parser check can fail: an unquoted `end` node is refused', async () => {
    await expect(parseMermaid('graph TD\n  end --> b')).rejects.toThrow(/Parse error/);
  });
});

describe('graphJson', () => {
  it('lists each service with its conditions, and live fields only when known', () => {
    expect(JSON.parse(graphJson(plain)).services[2]).toEqual({ name: 'api', dependsOn: { db: 'healthy', migrate: 'completed' } });
    expect(JSON.parse(graphJson(live)).services[2]).toEqual({
      name: 'api',
      dependsOn: { db: 'healthy', migrate: 'completed' },
      state: 'running',
      health: 'healthy',
      stale: true,
      configChanged: false,
    });
  });
});
