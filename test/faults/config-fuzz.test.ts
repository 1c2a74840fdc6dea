// Config fuzzing: valid stack.yaml files, mutated (see config-mutations.ts), must be
// either accepted as a well-formed config or rejected with ConfigError sentences that
// name stack.yaml (with line:col for YAML problems) — never another exception, never a
// trace, never a hang. The bulk runs in-process against parseConfig, the function
// `stack` itself loads configs with; a few runs go through the real CLI (`stack config`)
// to prove the mapping to exit code 2.
//
// Reproduce a failure with the seed it prints: STACK_FUZZ_SEED=<seed> npx vitest run test/faults/config-fuzz.test.ts
// More runs: STACK_FUZZ_RUNS=5000.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { parseEnvFile } from '../../src/config/env-file.js';
import { MAX_DURATION_MS } from '../../src/config/duration.js';
import { SERVICE_NAME } from '../../src/config/schema.js';
import type { StackConfig } from '../../src/config/types.js';
import { ConfigError } from '../../src/errors.js';
import { runStack } from '../helpers/cli.js';
import { mutatedConfig, SEEDS, writeSeedFiles } from './config-mutations.js';
import { printed, useProjects } from '../e2e/support.js';

const SEED = Number(process.env.STACK_FUZZ_SEED ?? 20261123);
const IN_PROCESS_RUNS = Number(process.env.STACK_FUZZ_RUNS ?? 600);
const CLI_RUNS = Number(process.env.STACK_FUZZ_CLI_RUNS ?? 20);
/**
 * A hang guard, not a benchmark: real inputs take milliseconds, a 500 KB garbled file a
 * few seconds (inside yaml); the quadratic regex this fuzzer found took 45 s at 100 KB.
 */
const HANG_GUARD_MS = 15_000;

/** Inputs that once broke the loader; run first on every run. */
const REGRESSIONS: string[] = [
  // A merge key on a sequence: yaml threw a plain Error ("internal error").
  'services:\n  a:\n    <<: &self [*self]\n    command: x\n',
  'services:\n  a:\n    <<: 5\n    command: x\n',
  // An alias with no anchor was called an alias bomb.
  'services:\n  a:\n    command: *nowhere\n',
  // 100k spaces in a value: the message's whitespace folding was quadratic (45 s).
  `services:\n  api:\n    command: x\n    port: "${' '.repeat(100_000)}"\n`,
  // NUL bytes passed validation and would have crashed spawn.
  'services:\n  web:\n    command: "npm\\0 start"\n    env: { X: "a\\0" }\n',
  // A terminal escape and a newline in a key were printed raw.
  'services:\n  "\\e[31mred\\nfake: line":\n    command: x\n',
  // Tags that make Dates and byte arrays.
  'services:\n  a:\n    command: !!binary aGVsbG8=\n    port: !!timestamp 2001-12-14\n',
];

let dir: string;
let file: string;
beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'stack-config-fuzz-')));
  writeSeedFiles(dir);
  file = path.join(dir, 'stack.yaml');
  console.info(`config fuzz: seed ${SEED} (set STACK_FUZZ_SEED to reproduce), ${IN_PROCESS_RUNS} in-process runs, ${CLI_RUNS} CLI runs`);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const ENV = { HOME: '/home/fuzz', A_PORT: '3001' };

type Outcome = { accepted: StackConfig } | { rejected: ConfigError };

/** parseConfig, asserting it either returns or throws a ConfigError, within the hang guard. */
function load(source: string): Outcome {
  const started = performance.now();
  let outcome: Outcome | undefined;
  let other: unknown;
  try {
    outcome = { accepted: parseConfig(source, file, { env: ENV }) };
  } catch (error) {
    if (error instanceof ConfigError) outcome = { rejected: error };
    else other = error;
  }
  const elapsed = performance.now() - started;
  expect(elapsed, 'hang guard: loading one config must not take seconds').toBeLessThan(HANG_GUARD_MS);
  if (!outcome) throw new Error(`parseConfig threw something other than a ConfigError: ${String(other)}`, { cause: other });
  return outcome;
}

function expectSentences(error: ConfigError): void {
  expect(error.exitCode).toBe(2);
  expect(error.message).toMatch(/stack\.yaml has \d+ problems?:$/);
  expect(error.details.length).toBeGreaterThan(0);
  // parseConfig turns a bug in stack into "… internal error …; please report it", keeping the cause.
  expect(error.cause, `an internal error leaked: ${error.details.join('\n')}`).toBeUndefined();
  for (const line of error.details) {
    expect(line).toMatch(/stack\.yaml/);
    expect(line, 'one line per problem, no raw control characters').not.toMatch(/[\0-\x08\x0a-\x1f\x7f]/);
    expect(line).not.toMatch(/internal error|TypeError|RangeError|ReferenceError|\[object /);
  }
  for (const p of error.problems) {
    expect(p.message.trim()).not.toBe('');
    const documentLevel = /^(is empty|is \d+ KB; a stack file)/.test(p.message);
    if (!documentLevel) expect(p.line, `a position for: ${p.message}`).toBeGreaterThan(0);
  }
}

/** What the rest of stack relies on once a config is accepted. */
function expectWellFormed(config: StackConfig): void {
  expect(JSON.parse(JSON.stringify(config)), 'plain JSON data, as sent to the daemon').toEqual(config);
  expect(JSON.stringify(config), 'no NUL byte reaches a command, path or variable').not.toContain('\\u0000');
  expect(Number.isInteger(config.logs.keep) && config.logs.keep >= 1 && config.logs.keep <= 100).toBe(true);
  expect(config.logs.maxBytes).toBeGreaterThanOrEqual(1024);
  const names = Object.keys(config.services);
  expect(names.length).toBeGreaterThan(0);
  for (const [name, s] of Object.entries(config.services)) {
    expect(name).toMatch(SERVICE_NAME);
    expect(s.name).toBe(name);
    if ('shell' in s.command) expect(s.command.shell.trim()).not.toBe('');
    else {
      expect(s.command.argv.length).toBeGreaterThan(0);
      expect(s.command.argv.every((a) => typeof a === 'string')).toBe(true);
      expect(s.command.argv[0]!.trim()).not.toBe('');
    }
    if (s.port !== undefined) expect(Number.isInteger(s.port) && s.port >= 1 && s.port <= 65535, `port ${s.port}`).toBe(true);
    const h = s.health;
    for (const ms of [h.interval, h.timeout]) expect(ms > 0 && ms <= MAX_DURATION_MS, `duration ${ms}`).toBe(true);
    for (const ms of [h.startPeriod, s.stopTimeout]) expect(ms >= 0 && ms <= MAX_DURATION_MS, `duration ${ms}`).toBe(true);
    expect(Number.isInteger(h.retries) && h.retries >= 1).toBe(true);
    if (h.probe.kind === 'tcp') expect(h.probe.port >= 1 && h.probe.port <= 65535).toBe(true);
    for (const dependency of Object.keys(s.dependsOn)) expect(names).toContain(dependency);
    for (const [k, v] of Object.entries(s.env)) expect(typeof k === 'string' && typeof v === 'string').toBe(true);
    expect(path.isAbsolute(s.cwd)).toBe(true);
  }
}

describe('config fuzzing', () => {
  it('the seeds are valid stack files (mutations start from something that loads)', () => {
    for (const seed of SEEDS) {
      const outcome = load(seed);
      expect('accepted' in outcome ? 'accepted' : (outcome as { rejected: ConfigError }).rejected.details).toBe('accepted');
    }
  });

  it('in-process: a mutated stack.yaml is accepted well-formed, or rejected with one sentence per problem', () => {
    fc.assert(
      fc.property(mutatedConfig, (source) => {
        const outcome = load(source);
        if ('accepted' in outcome) expectWellFormed(outcome.accepted);
        else expectSentences(outcome.rejected);
      }),
      { seed: SEED, numRuns: IN_PROCESS_RUNS, examples: REGRESSIONS.map((r) => [r]) },
    );
  }, 120_000);

  it('in-process: env files of any content parse into variables and problems, without throwing', () => {
    const line = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.constantFrom('KEY=value', 'export A="x\\ny"', "B='unclosed", 'C="a\\"b" # c', '=x', '#', 'D=a #b', 'E=\0'),
      fc.integer({ min: 100, max: 5000 }).map((n) => `K=x${' '.repeat(n)}x`),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        const started = performance.now();
        const parsed = parseEnvFile(lines.join('\n'));
        expect(performance.now() - started, 'hang guard').toBeLessThan(HANG_GUARD_MS);
        for (const [, value] of parsed.vars) expect(value).not.toContain('\0');
        for (const p of parsed.problems) expect(p.line).toBeGreaterThan(0);
      }),
      // A long run of spaces inside a value: the comment-stripping regex was quadratic (over a
      // minute for this line). endOnFailure: shrinking would repeat that minute many times.
      { seed: SEED, numRuns: 300, examples: [[[`K=x${' '.repeat(300_000)}x`]]], endOnFailure: true },
    );
  }, 180_000);

  const project = useProjects();

  it('through the CLI: `stack config` exits 0, or 2 with sentences naming stack.yaml, never a trace, never a hang', async () => {
    const p = await project('config-fuzz-cli');
    writeSeedFiles(p.dir);
    await fc.assert(
      fc.asyncProperty(mutatedConfig, async (source) => {
        fs.writeFileSync(p.path('stack.yaml'), source);
        const result = await runStack(p.dir, ['config'], { timeoutMs: 20_000 });
        const shown = `${printed(result)}\n--- stack.yaml ---\n${JSON.stringify(source).slice(0, 2000)}`;
        expect(result.timedOut, `hang guard\n${shown}`).toBe(false);
        expect([0, 2], shown).toContain(result.code);
        const all = `${result.stdout}\n${result.stderr}`;
        expect(all, `no stack trace\n${shown}`).not.toMatch(/^\s+at\s/m);
        expect(result.stderr, shown).not.toMatch(/TypeError|RangeError|ReferenceError|SyntaxError|internal error/);
        if (result.code === 0) {
          expect(result.stdout.trim(), shown).not.toBe('');
          return;
        }
        expect(result.stderr, shown).toMatch(/^error: .*stack\.yaml/m);
        for (const line of result.stderr.split('\n').filter((l) => l !== '')) {
          expect(line, `an error line, a problem line or a hint\n${shown}`).toMatch(/^(error: |hint: | {2}\S)/);
        }
        for (const line of result.stderr.split('\n').filter((l) => l.includes('invalid YAML'))) {
          expect(line, `YAML problems have line:col\n${shown}`).toMatch(/stack\.yaml:\d+:\d+ invalid YAML/);
        }
      }),
      { seed: SEED + 1, numRuns: CLI_RUNS, examples: REGRESSIONS.slice(0, 3).map((r) => [r]) },
    );
  }, 300_000);
});
