// `stack logs`: the last N lines, prefixed per service; dead services too; -f follows.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { startStack, stopStack, waitForOutput } from '../helpers/cli.js';
import { chattyService, crashService, stackYaml } from '../helpers/fixtures.js';
import { httpGet, linesOf, printed, runExpecting, useProjects } from './support.js';

const project = useProjects();

/** A log line as `stack logs` prints it: the service name, a separator, the line. */
function prefixed(service: string, line: string, flags = ''): RegExp {
  const escaped = line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${service}\\b[^A-Za-z0-9]*${escaped}$`, flags);
}

describe('stack logs', () => {
  it('logs api -n 5 prints exactly the last 5 lines, prefixed with the service name', async () => {
    const [port] = await freePorts(1);
    const p = await project('logs-tail');
    await p.write('stack.yaml', stackYaml({ api: chattyService({ name: 'msg', lines: 20, port }) }));
    await runExpecting(p.dir, ['up'], 0);

    const logs = await runExpecting(p.dir, ['logs', 'api', '-n', '5'], 0);

    const lines = linesOf(logs.stdout);
    expect(lines, printed(logs)).toHaveLength(5);
    lines.forEach((line, i) => expect(line, printed(logs)).toMatch(prefixed('api', `msg line ${16 + i} of 20`)));
  });

  it('logs without names shows every service, each line prefixed with its own name', async () => {
    const [port] = await freePorts(1);
    const p = await project('logs-all');
    await p.write(
      'stack.yaml',
      stackYaml({
        api: chattyService({ name: 'from-api', lines: 3, port }),
        worker: chattyService({ name: 'from-worker', lines: 3 }),
      }),
    );
    await runExpecting(p.dir, ['up'], 0);

    const logs = await runExpecting(p.dir, ['logs'], 0);

    const lines = linesOf(logs.stdout);
    for (const i of [1, 2, 3]) {
      expect(lines.some((l) => prefixed('api', `from-api line ${i} of 3`).test(l)), printed(logs)).toBe(true);
      expect(lines.some((l) => prefixed('worker', `from-worker line ${i} of 3`).test(l)), printed(logs)).toBe(true);
    }
    // No line is attributed to the wrong service.
    expect(lines.filter((l) => /^api\b/.test(l) && l.includes('from-worker')), printed(logs)).toEqual([]);
    expect(lines.filter((l) => /^worker\b/.test(l) && l.includes('from-api')), printed(logs)).toEqual([]);
  });

  it('logs while stack.yaml does not load: says what is wrong, and shows the logs on disk all the same', async () => {
    const [port] = await freePorts(1);
    const p = await project('logs-broken-yaml');
    await p.write('stack.yaml', stackYaml({ api: chattyService({ name: 'from-api', lines: 3, port }) }));
    await runExpecting(p.dir, ['up'], 0);
    await p.write('stack.yaml', 'services:\n  api:\n    command: [unclosed\n');

    const logs = await runExpecting(p.dir, ['logs', 'api'], 0);
    expect(logs.stderr, printed(logs)).toMatch(/stack\.yaml has 1 problem/);
    expect(logs.stderr, printed(logs)).toMatch(/stack\.yaml:\d+:\d+ invalid YAML/);
    expect(logs.stderr, printed(logs)).toContain('Showing the logs on disk.');
    for (const i of [1, 2, 3]) expect(linesOf(logs.stdout).some((l) => prefixed('api', `from-api line ${i} of 3`).test(l)), printed(logs)).toBe(true);

    const unknown = await runExpecting(p.dir, ['logs', 'apj'], 2);
    expect(unknown.stderr, printed(unknown)).toContain('No service named apj (did you mean api?) among the services with logs (stack.yaml does not load).');
    await runExpecting(p.dir, ['down'], 0);
  });

  it('logs of a service that has exited are still readable', async () => {
    const [port] = await freePorts(1);
    const p = await project('logs-dead');
    await p.write('stack.yaml', stackYaml({ broken: crashService({ module: 'left-pad', port, restart: 'no' }) }));
    await runExpecting(p.dir, ['up'], 1);

    const logs = await runExpecting(p.dir, ['logs', 'broken'], 0);

    const lines = linesOf(logs.stdout);
    expect(lines.some((l) => prefixed('broken', "Error: Cannot find module 'left-pad'").test(l)), printed(logs)).toBe(true);
    expect(lines.some((l) => /^broken\b.*crash: starting \(pid \d+\)$/.test(l)), printed(logs)).toBe(true);
  });

  for (const args of [
    ['logs', '-f', 'api'],
    ['logs', 'api', '-f'],
    ['logs', '--follow', 'api'],
  ]) {
    it(`stack ${args.join(' ')} prints a line the service writes after it started following`, async () => {
      const [port] = await freePorts(1);
      const p = await project('logs-follow');
      await p.write('stack.yaml', stackYaml({ api: chattyService({ name: 'msg', lines: 3, port }) }));
      await runExpecting(p.dir, ['up'], 0);

      const follow = startStack(p.dir, args);
      try {
        // It first shows what is already there...
        await waitForOutput(follow, prefixed('api', 'msg line 3 of 3', 'm'), { stream: 'stdout' });
        const marker = `written-after-follow-${randomUUID()}`;
        await httpGet(port!, `/say?text=${marker}`);
        // ...then what the service writes afterwards.
        await waitForOutput(follow, prefixed('api', marker, 'm'), { stream: 'stdout', timeoutMs: 15_000 });
      } finally {
        await stopStack(follow);
      }
    });
  }
});

describe('stack logs --since', () => {
  it('shows only the lines written since then', async () => {
    const [port] = await freePorts(1);
    const p = await project('logs-since');
    await p.write('stack.yaml', stackYaml({ api: chattyService({ port: port!, argv: true, lines: 3 }) }));
    await runExpecting(p.dir, ['up'], 0);
    // Let the daemon note the size of the log (it samples twice a second), then log more later.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await httpGet(port!, '/say?text=written-later');
    await new Promise((resolve) => setTimeout(resolve, 700));

    const since = await runExpecting(p.dir, ['logs', 'api', '--since', '1500ms'], 0);
    expect(since.stdout, printed(since)).toMatch(/api \| written-later/);
    expect(since.stdout, printed(since)).not.toMatch(/line 1 of 3/);
    const all = await runExpecting(p.dir, ['logs', 'api'], 0);
    expect(all.stdout).toMatch(/line 1 of 3/);

    const bad = await runExpecting(p.dir, ['logs', '--since', 'yesterday-ish'], 2);
    expect(bad.stderr).toMatch(/--since yesterday-ish is neither a duration nor a time/);
  });
});

describe('stack logs --grep and --json', () => {
  it('--grep keeps the matching lines, -n counting them; --json prints them as one document; bad patterns and -f --json are usage errors', async () => {
    const [port] = await freePorts(1);
    const p = await project('logs-grep');
    await p.write('stack.yaml', stackYaml({ api: chattyService({ name: 'msg', lines: 20, port }) }));
    await runExpecting(p.dir, ['up'], 0);

    const grep = await runExpecting(p.dir, ['logs', 'api', '--grep', 'line 1[0-9] of', '-n', '3'], 0);
    expect(linesOf(grep.stdout).map((l) => l.replace(/^api\b[^A-Za-z0-9]*/, ''))).toEqual(['msg line 17 of 20', 'msg line 18 of 20', 'msg line 19 of 20']);

    const json = await runExpecting(p.dir, ['logs', 'api', '--json', '--grep', 'line 2 of'], 0);
    expect(JSON.parse(json.stdout)).toEqual({ services: [{ name: 'api', file: '.stack/logs/api.log', lines: ['msg line 2 of 20'] }] });

    const none = await runExpecting(p.dir, ['logs', 'api', '--grep', 'no such line'], 0);
    expect(none.stderr).toContain('Nothing logged by api matching no such line.');
    const bad = await runExpecting(p.dir, ['logs', '--grep', '[oops'], 2);
    expect(bad.stderr).toContain('--grep [oops is not a regular expression: Unterminated character class.');
    const follow = await runExpecting(p.dir, ['logs', '-f', '--json'], 2);
    expect(follow.stderr).toContain('--json and --follow do not go together');
  });
});
