// 8. Config parsing of hostile input: the inputs of test/unit/config/parse.test.ts ("hostile
// input ends with a problem, not a hang"), timed here rather than asserted there, so a
// loaded machine cannot fail a test. In-process, stack's parseConfig (tsc's dist/, the
// same code the CLI bundles) against yaml.parse of the same text: the floor of reading
// that YAML at all (it throws on the alias bomb and on deep nesting, which is its answer).
import { parse as yamlParse } from 'yaml';
import path from 'node:path';
import { measureInterleaved, now, tempProject } from '../lib.mjs';
import { parseConfig } from '../../dist/config/index.js';

export const title = '8. Config parsing of hostile input (in-process)';

/** Nine anchors, each aliasing the previous one nine times: 9^9 values once expanded. */
function aliasBomb() {
  const levels = ['x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`x-${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return `${levels.join('\n')}\nservices: { api: { command: a } }\n`;
}

function serviceChain(count) {
  const lines = Array.from({ length: count }, (_, i) => `  s${i}: { command: x${i + 1 < count ? `, depends_on: [s${i + 1}]` : ''} }`);
  return `services:\n${lines.join('\n')}\n`;
}

const INPUTS = [
  ['alias bomb', aliasBomb()],
  ['flow seqs nested 100k deep', `services: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`],
  ['flow maps nested 5000 deep (x-)', `x-deep: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\nservices: { a: { command: a } }\n`],
  ['block seqs nested 100k deep', `services:\n  a:\n    ${'- '.repeat(100_000)}x\n`],
  ['block maps nested 500 deep', `services:\n${Array.from({ length: 500 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n')} 1\n`],
  ['703 KB file (over the limit)', `services:\n${'  # padding\n'.repeat(60_000)}`],
  ['3000-service dependency chain', serviceChain(3000)],
];

/** Wall time of fn, which may throw (a refusal is a result here). */
function timed(fn) {
  const began = now();
  try {
    fn();
  } catch {
    // yaml.parse throws on hostile input; parseConfig throws a ConfigError.
  }
  return now() - began;
}

export async function run({ RUNS, row }) {
  const runs = Math.min(RUNS, 10);
  const file = path.join(tempProject('config'), 'stack.yaml');
  for (const [name, source] of INPUTS) {
    const m = await measureInterleaved(runs, {
      yaml: () => timed(() => yamlParse(source)),
      stack: () => timed(() => parseConfig(source, file, { env: {} })),
    });
    const floor = ['yaml.parse', m.yaml];
    row(`${name}: yaml.parse (floor)`, m.yaml, { refs: [floor] });
    row(`${name}: stack parseConfig`, m.stack, { refs: [floor] });
  }
}
