/**
 * Hostile variations of valid stack.yaml files, for the config fuzzer: a valid seed,
 * then one to three mutations — random bytes inserted or replaced, lines deleted,
 * duplicated or re-indented, known keys given values of the wrong type, huge strings
 * and numbers, deep nesting, alias bombs, duplicate keys, tabs, a BOM, NUL bytes,
 * CRLF, several documents, hostile ${…} references.
 *
 * The seeds only need `.env`, `examples/api/.env` and `examples/api/` to exist next to
 * the file (see writeSeedFiles).
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';

export const SEEDS: readonly string[] = [
  `# the DESIGN example, with every key
name: shop
env: { NODE_ENV: development, API_URL: "http://localhost:\${api.port}" }
env_file: .env
logs: { max_size: 10MB, keep: 3 }
x-common: &common
  restart: on-failure
  stop_timeout: 5s
services:
  db:
    <<: *common
    command: node examples/db/server.js
    port: 5433
    health: { tcp: 5433 }
  api:
    command: node src/server.js
    cwd: examples/api
    port: 4000
    env: { DATABASE_URL: "postgres://localhost:5433/shop", VERSION: 1.10 }
    env_file: examples/api/.env
    depends_on: [db]
    health:
      http: http://localhost:\${PORT}/health
      interval: 2s
      timeout: 1s
      retries: 3
      start_period: 30s
    watch: [src/**, package.json]
    build: npm run build
    restart: on-failure
    on_stale: warn
    stop_signal: SIGTERM
    stop_timeout: 10s
  web:
    command: [npx, vite, --port, "\${PORT}"]
    port: 5173
    depends_on: { api: healthy }
  worker:
    command: node worker.js
    depends_on: { api: { condition: started } }
    health: { log: "^ready$" }
`,
  `services:
  web:
    command: npm start
`,
  `{"name": "flow", "services": {"a": {"command": ["node", "-e", "1"], "port": "\${A_PORT:-3000}"}, "b": {"command": "echo $HOME $$ '$(date)'", "depends_on": {"a": "started"}, "health": {"exec": "true", "retries": 2}}}}
`,
  `name: signals
env:
  TOKEN: secret
  URL: postgres://u:p@localhost:\${db.port}/x
services:
  db:
    command: [node, db.js]
    port: "7401"
    stop_signal: TERM
    stop_timeout: 0
    restart: always
  api:
    command: node api.js --db=\${db.port}
    port: 7402
    health:
      tcp: "127.0.0.1:7402"
      start_period: 1m30s
    depends_on:
      db: { condition: healthy }
    on_stale: restart
    watch: "**/*.js"
`,
];

/** What the seeds refer to on disk, written under `dir`. */
export function writeSeedFiles(dir: string): void {
  fs.mkdirSync(path.join(dir, 'examples', 'api'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.env'), 'SHARED=1\n');
  fs.writeFileSync(path.join(dir, 'examples', 'api', '.env'), 'API_ONLY=2\n');
}

/** Keys the format knows, plus the seeds' service names: where wrong types go. */
const KNOWN_KEYS = [
  'name', 'env', 'env_file', 'logs', 'max_size', 'keep', 'services', 'command', 'cwd', 'port', 'health', 'http', 'tcp',
  'exec', 'log', 'interval', 'timeout', 'retries', 'start_period', 'depends_on', 'condition', 'watch', 'build', 'restart',
  'on_stale', 'stop_signal', 'stop_timeout', 'db', 'api', 'web', 'worker', 'a', 'b', 'NODE_ENV', 'VERSION', 'x-common', '<<',
];

/** Scalars and small values YAML reads in surprising ways. */
const HOSTILE_VALUES = [
  'null', '~', '', 'true', 'yes', 'off', '0', '-1', '65536', '1.5', '1e400', '-1e400', '.inf', '-.inf', '.nan', '0x1F', '0o777',
  '9007199254740993', '123456789012345678901234567890', '[]', '{}', '[1, 2]', '{a: 1}', '[[[]]]', '""', '" "', '"\\0"', '"a\\0b"',
  '"\\x1b[31mred"', '"line\\nbreak"', '"\\u2028"', '"\\uD800"', '!!binary aGVsbG8=', '!!str 5', '!!int "x"', '!!float x', '!!map {}',
  '!!seq []', '!!set {a}', '!!omap [a: 1]', '!!timestamp 2001-12-14', '!foo bar', '!<tag:yaml.org,2002:js/function> x', '*nowhere',
  '&anchor x', '*anchor', '"${X}"', '"${}"', '"${"', '"$${"', '"${A:-${B:-${C:-${D:-${E:-${F:-${G:-${H:-${I:-${J}}}}}}}}}}"',
  '"${db.port}"', '"${api.port}${web.port}"', '"${nope.port}"', '"${api.command}"', '"${PORT}"', '"${__proto__}"', '__proto__',
  'constructor', 'toString', '"1m30s"', '"24h1ms"', '"99999999999h"', '".5s"', '"10MB"', '"0.0001KB"', '"1e3s"', '"SIGKILL"',
  '"KILL"', '"[unclosed"', '"(a+)+$"', '"http://"', '"http://[::1]:0/"', '"file:///etc/passwd"', '"0:0"', '"[::1]:65535"',
  '"host:99999"', '2001-12-14', '? complex', '{? [a, b]: c}', '{[a]: 1}', '{null: 1}', '{1: 2}', '|\n  literal\n  block',
  '>-\n  folded', '- a\n- b', '"ünïcödé ☃ 💥"', "'single ''quoted'''",
];

/** Characters that matter to YAML, shells, terminals or JavaScript strings. */
const SPECIAL = [
  '\0', '\t', '\r', '\n', '\r\n', '\uFEFF', '\u2028', '\uD800', '\x1b', '\x7f', ':', ': ', '-', '- ', '[', ']', '{', '}', ',', '&',
  '*', '!', '|', '>', '"', "'", '#', '%', '@', '`', '$', '${', '}', '<<', '? ', '---', '...', '\\', ' ', '  ',
];

export type Mutation = (text: string) => string;

const index = fc.nat({ max: 1_000_000 });
const at = (text: string, i: number): number => (text.length === 0 ? 0 : i % (text.length + 1));

const bytes = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 8 }).map((a) => Buffer.from(a).toString('latin1')),
  fc.uint8Array({ minLength: 1, maxLength: 8 }).map((a) => Buffer.from(a).toString('utf8')),
  fc.array(fc.constantFrom(...SPECIAL), { minLength: 1, maxLength: 4 }).map((a) => a.join('')),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

const insertBytes: fc.Arbitrary<Mutation> = fc.tuple(index, bytes).map(([i, b]) => (t) => t.slice(0, at(t, i)) + b + t.slice(at(t, i)));

const replaceBytes: fc.Arbitrary<Mutation> = fc
  .tuple(index, fc.integer({ min: 1, max: 12 }), bytes)
  .map(([i, len, b]) => (t) => t.slice(0, at(t, i)) + b + t.slice(at(t, i) + len));

const truncate: fc.Arbitrary<Mutation> = index.map((i) => (t) => t.slice(0, at(t, i)));

function onLines(fn: (lines: string[], i: number) => void): fc.Arbitrary<Mutation> {
  return index.map((i) => (t) => {
    const lines = t.split('\n');
    fn(lines, i % lines.length);
    return lines.join('\n');
  });
}

const deleteLine = onLines((lines, i) => lines.splice(i, 1));
/** A repeated line in a map is a duplicate key. */
const duplicateLine = onLines((lines, i) => lines.splice(i, 0, lines[i]!));
const swapLines = onLines((lines, i) => {
  const j = (i + 1) % lines.length;
  [lines[i], lines[j]] = [lines[j]!, lines[i]!];
});
const reindent: fc.Arbitrary<Mutation> = fc.tuple(index, fc.integer({ min: -4, max: 6 })).map(([i, by]) => (t) => {
  const lines = t.split('\n');
  const n = i % lines.length;
  const line = lines[n]!;
  lines[n] = by >= 0 ? ' '.repeat(by) + line : line.replace(new RegExp(`^ {0,${-by}}`), '');
  return lines.join('\n');
});
const tabs: fc.Arbitrary<Mutation> = fc.boolean().map((all) => (t) =>
  all ? t.replace(/^( +)/gm, (s) => '\t'.repeat(Math.ceil(s.length / 2))) : t.replace(/^ {2}/m, '\t'),
);
const bom: fc.Arbitrary<Mutation> = fc.constant((t: string) => `\uFEFF${t}`);
const crlf: fc.Arbitrary<Mutation> = fc.constant((t: string) => t.replace(/\n/g, '\r\n'));
const nul: fc.Arbitrary<Mutation> = index.map((i) => (t) => t.slice(0, at(t, i)) + '\0' + t.slice(at(t, i)));

/** The n-th `key:` in the text gets `value` instead of what it had (up to the end of the line, `,`, `}` or `]`). */
function setKey(text: string, key: string, n: number, value: string): string {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`(^|[\\s{,"])(${escaped}"?\\s*:)([^\\n,}\\]]*)`, 'g');
  const matches = [...text.matchAll(pattern)];
  if (matches.length === 0) return text;
  const m = matches[n % matches.length]!;
  const start = m.index + m[1]!.length + m[2]!.length;
  const lineStart = text.lastIndexOf('\n', m.index) + 1;
  const indent = ' '.repeat(m.index - lineStart + m[1]!.length + 2);
  return `${text.slice(0, start)} ${value.replace(/\n/g, `\n${indent}`)}${text.slice(start + m[3]!.length)}`;
}

const hugeString = fc
  .oneof({ weight: 6, arbitrary: fc.integer({ min: 1000, max: 20_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 100_000, max: 600_000 }) })
  .chain((n) => fc.constantFrom('x', 'ab', '$', '${', '\\', ' ', '"').map((unit) => unit.repeat(Math.ceil(n / unit.length))))
  .map((s) => JSON.stringify(s));
const hugeNumber = fc.oneof(
  fc.integer({ min: 20, max: 5000 }).map((n) => '9'.repeat(n)),
  fc.double().map(String),
  fc.bigInt().map(String),
  fc.integer().map((n) => `${n}e${n}`),
);
const deep = fc.tuple(fc.integer({ min: 1, max: 3000 }), fc.constantFrom('seq', 'map', 'block', 'blockseq')).map(([n, kind]) => {
  switch (kind) {
    case 'seq':
      return `${'['.repeat(n)}1${']'.repeat(n)}`;
    case 'map':
      return `${'{a: '.repeat(n)}1${'}'.repeat(n)}`;
    case 'block':
      return `\n${Array.from({ length: Math.min(n, 300) }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1`;
    default:
      return `${'- '.repeat(n)}x`;
  }
});
const interpolation = fc
  .array(fc.constantFrom('${', '}', '$', '$$', ':-', 'A', 'PORT', 'api.port', 'db.port', 'nope.port', 'HOME', '.', '-', ' ', '__proto__'), {
    minLength: 1,
    maxLength: 12,
  })
  .map((parts) => JSON.stringify(parts.join('')));

const value = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
  { weight: 2, arbitrary: interpolation },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: hugeNumber },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
);

const wrongType: fc.Arbitrary<Mutation> = fc
  .tuple(fc.constantFrom(...KNOWN_KEYS), fc.nat(20), value)
  .map(([key, n, v]) => (t) => setKey(t, key, n, v));

/** Structural: parse, put any JSON value at a path of the seed, write back (as YAML or JSON). */
const replaceAtPath: fc.Arbitrary<Mutation> = fc
  .tuple(fc.array(fc.oneof(fc.constantFrom(...KNOWN_KEYS), fc.nat(4)), { minLength: 1, maxLength: 5 }), fc.jsonValue({ maxDepth: 4 }), fc.boolean())
  .map(([keyPath, v, asJson]) => (t) => {
    let data: unknown;
    try {
      data = parse(t, { merge: true, logLevel: 'silent' });
    } catch {
      return t;
    }
    if (data === null || typeof data !== 'object') return t;
    let node = data as Record<string, unknown>;
    for (const segment of keyPath.slice(0, -1)) {
      const next = node[String(segment)];
      if (next === null || typeof next !== 'object') break;
      node = next as Record<string, unknown>;
    }
    node[String(keyPath[keyPath.length - 1])] = v;
    try {
      return asJson ? JSON.stringify(data) : stringify(data);
    } catch {
      return t; // a self-referencing alias made the data circular
    }
  });

/** Billion laughs, self reference, merge chains: prepended as x- keys or put into a known key. */
const aliases: fc.Arbitrary<Mutation> = fc
  .tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2, max: 12 }), fc.constantFrom('bomb', 'self', 'merge', 'undefined'), fc.constantFrom(...KNOWN_KEYS), fc.nat(10))
  .map(([levels, width, kind, key, n]) => (t) => {
    switch (kind) {
      case 'bomb': {
        const lines = ['x-l0: &l0 [lol, lol]'];
        for (let i = 1; i <= levels; i++) lines.push(`x-l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]`);
        return setKey(`${lines.join('\n')}\n${t}`, key, n, `*l${levels}`);
      }
      case 'self':
        return setKey(t, key, n, '&self [*self]');
      case 'merge': {
        const lines = ['x-m0: &m0 { command: "node x", m0: 1 }'];
        for (let i = 1; i <= levels; i++) lines.push(`x-m${i}: &m${i} { <<: [*m${i - 1}, *m${Math.max(0, i - 2)}], m${i}: 1 }`);
        return setKey(`${lines.join('\n')}\n${t}`, key, n, `{ <<: *m${levels} }`);
      }
      default:
        return setKey(t, key, n, `*undefined${levels}`);
    }
  });

const secondDocument: fc.Arbitrary<Mutation> = fc.constantFrom('---\n', '---\nservices: {}\n', '...\n', '%YAML 1.2\n---\n', '--- !!set\n').map(
  (suffix) => (t) => `${t}\n${suffix}`,
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: insertBytes },
  { weight: 3, arbitrary: replaceBytes },
  { weight: 1, arbitrary: truncate },
  { weight: 2, arbitrary: deleteLine },
  { weight: 2, arbitrary: duplicateLine },
  { weight: 1, arbitrary: swapLines },
  { weight: 2, arbitrary: reindent },
  { weight: 1, arbitrary: tabs },
  { weight: 1, arbitrary: bom },
  { weight: 1, arbitrary: crlf },
  { weight: 1, arbitrary: nul },
  { weight: 6, arbitrary: wrongType },
  { weight: 3, arbitrary: replaceAtPath },
  { weight: 2, arbitrary: aliases },
  { weight: 1, arbitrary: secondDocument },
);

/** A seed with one to three mutations applied, in order. */
export const mutatedConfig: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([seed, mutations]) => mutations.reduce((text, m) => m(text), seed));
