// Config and usage errors: exit 2, one error that lists every problem with
// file:line:col and a suggestion, never a stack trace; and `stack config`.
import { mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runStack } from '../helpers/cli.js';
import { freePorts } from '../helpers/free-port.js';
import { httpService, nodeArgv, fixtureScript, stackYaml } from '../helpers/fixtures.js';
import { describeProcs, processesUnder } from '../helpers/procs.js';
import { linesOf, printed, runExpecting, useProjects } from './support.js';

const project = useProjects();

/** No line of a Node stack trace ("    at fn (file:1:2)") anywhere in what stack printed. */
function expectNoStackTrace(result: { stdout: string; stderr: string }): void {
  const traces = `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => /^\s+at\s/.test(line));
  expect(traces).toEqual([]);
}

// Positions below are 1-based line:column of the offending token in this text.
const THREE_PROBLEMS = `name: cfg
services:
  api:
    comand: node server.js
    port: 4000
    depends_on: [worker]
  worker:
    command: node worker.js
    depends_on: [api, dbb]
  db:
    command: node db.js
`;

describe('config errors', () => {
  it('a typo\'d key, a cycle and an unknown dependency: exit 2, one error listing all three with line:col and suggestions', async () => {
    const p = await project('config-3-problems', { 'stack.yaml': THREE_PROBLEMS });

    const up = await runExpecting(p.dir, ['up'], 2);

    const lines = linesOf(up.stderr);
    const lineWith = (text: string): string => lines.find((l) => l.includes(text)) ?? '';
    expect(lines.filter((l) => /^error\b/i.test(l)), `one error, not one per problem\n${printed(up)}`).toHaveLength(1);

    const typo = lineWith('comand');
    expect(typo, printed(up)).toContain('stack.yaml:4:5');
    expect(typo, printed(up)).toMatch(/did you mean[^\n]*\bcommand\b/i);

    const cycle = lines.find((l) => /api → worker → api|worker → api → worker/.test(l)) ?? '';
    expect(cycle, `the cycle shown as a path\n${printed(up)}`).not.toBe('');
    expect(cycle, printed(up)).toMatch(/stack\.yaml:(6|9):18\b/);

    const unknown = lineWith('dbb');
    expect(unknown, printed(up)).toContain('stack.yaml:9:23');
    expect(unknown, printed(up)).toMatch(/did you mean[^\n]*\bdb\b/i);

    expectNoStackTrace(up);
    // Validation happens before anything is started.
    expect(describeProcs(processesUnder(p.dir))).toBe('(none)');
  });

  it('a YAML syntax error: exit 2 with the line and column', async () => {
    const p = await project('config-yaml-syntax', {
      'stack.yaml': 'services:\n  api:\n    command: node a.js\n    port: 4000\n   web: x\n',
    });

    const config = await runExpecting(p.dir, ['config'], 2);

    expect(config.stderr, printed(config)).toMatch(/stack\.yaml:5:\d+/);
    expectNoStackTrace(config);
  });

  it('no stack.yaml here or in any parent: exit 2 with a sentence that says how to fix it', async () => {
    const p = await project('config-none');
    const deep = p.path('src/nested');
    await mkdir(deep, { recursive: true });

    const up = await runExpecting(deep, ['up'], 2);

    expect(up.stderr, printed(up)).toMatch(/stack\.ya?ml/);
    // How to fix it: create one, or point at one.
    expect(up.stderr, printed(up)).toMatch(/stack init|-f\b|--file\b|STACK_FILE/);
    expectNoStackTrace(up);
  });

  it('-f missing.yaml: exit 2 naming the file, even when a stack.yaml exists', async () => {
    const [port] = await freePorts(1);
    const p = await project('config-f-missing', { 'stack.yaml': stackYaml({ api: httpService({ port: port! }) }) });

    const up = await runExpecting(p.dir, ['-f', 'missing.yaml', 'up'], 2);

    expect(up.stderr, printed(up)).toContain('missing.yaml');
    expectNoStackTrace(up);
    expect(describeProcs(processesUnder(p.dir))).toBe('(none)');
  });

  it('-f other.yaml with a problem: the error names other.yaml, never a stack.yaml that is not there', async () => {
    const p = await project('config-f-other', { 'other.yaml': 'services:\n  api:\n    comand: node a.js\n' });

    const config = await runExpecting(p.dir, ['-f', 'other.yaml', 'config'], 2);

    expect(config.stderr, printed(config)).toContain('other.yaml:3:5');
    expect(config.stderr, printed(config)).not.toContain('stack.yaml');
  });

  it('up of an unknown service: exit 2 with a suggestion, nothing started', async () => {
    const [port] = await freePorts(1);
    const p = await project('config-up-typo', { 'stack.yaml': stackYaml({ api: httpService({ port: port!, name: 'api' }) }) });

    const up = await runExpecting(p.dir, ['up', 'apu'], 2);

    expect(up.stderr, printed(up)).toMatch(/apu/);
    expect(up.stderr, printed(up)).toMatch(/did you mean[^\n]*\bapi\b/i);
    expectNoStackTrace(up);
    const status = await runStack(p.dir, ['status', '--json']);
    expect(JSON.parse(status.stdout).services[0].state, printed(status)).toBe('stopped');
  });

  it('usage mistakes (a missing argument, an unknown command or option): exit 2 with what to run instead', async () => {
    const p = await project('usage-errors', { 'stack.yaml': 'services:\n  api:\n    command: node -e 0\n' });
    for (const [args, error, hint] of [
      [['restart'], "missing required argument 'services'", 'hint: stack restart --help shows its usage, e.g. stack restart api'],
      [['frobnicate'], "unknown command 'frobnicate'", 'hint: stack --help lists the commands'],
      [['status', '--bogus'], "unknown option '--bogus'", 'hint: stack status --help shows its usage'],
    ] as const) {
      const result = await runExpecting(p.dir, [...args], 2);
      expect(result.stderr, printed(result)).toContain(`error: ${error}`);
      expect(result.stderr, printed(result)).toContain(hint);
      expectNoStackTrace(result);
    }
  });

  it('config prints the resolved config with ${PORT} interpolated, from a subdirectory too', async () => {
    const [port] = await freePorts(1);
    const p = await project('config-resolved', {
      'stack.yaml': stackYaml({
        api: {
          command: [...nodeArgv(fixtureScript('http-server')), '--port', '${PORT}'],
          port: port!,
          env: { PUBLIC_URL: 'http://127.0.0.1:${PORT}/app' },
          health: { http: 'http://127.0.0.1:${PORT}/health' },
        },
      }),
    });
    await mkdir(p.path('src/deep'), { recursive: true });

    for (const cwd of [p.dir, p.path('src/deep')]) {
      const config = await runExpecting(cwd, ['config'], 0);
      expect(config.stdout, printed(config)).toContain(`http://127.0.0.1:${port}/health`);
      expect(config.stdout, printed(config)).toContain(`http://127.0.0.1:${port}/app`);
      expect(config.stdout, printed(config)).toMatch(new RegExp(`--port\\W+${port}\\b`));
      expect(config.stdout, printed(config)).not.toContain('${PORT}');
    }
  });

  it('config masks secrets (names with TOKEN, PASSWORD, … and URL passwords) unless --show-secrets', async () => {
    const p = await project('config-secrets');
    await p.write(
      'stack.yaml',
      'services:\n  api:\n    command: node server.js\n    env:\n      API_TOKEN: tok-abc-123\n      DATABASE_URL: postgres://app:hunter2@127.0.0.1:5433/shop\n',
    );
    const masked = await runExpecting(p.dir, ['config'], 0);
    expect(masked.stdout).not.toMatch(/tok-abc-123|hunter2/);
    expect(masked.stdout).toMatch(/postgres:\/\/app:\S+@127\.0\.0\.1:5433\/shop/);
    const json = await runExpecting(p.dir, ['config', '--json'], 0);
    expect(json.stdout).not.toMatch(/tok-abc-123|hunter2/);
    const shown = await runExpecting(p.dir, ['config', '--show-secrets'], 0);
    expect(shown.stdout).toMatch(/tok-abc-123/);
    expect(shown.stdout).toMatch(/hunter2/);
  });
});
