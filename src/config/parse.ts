/**
 * stack.yaml text → plain data plus a position index. Syntax errors become problems
 * with line:col; hostile input (alias bombs, deep nesting, huge files, multiple
 * documents) becomes a problem too, never an exception or a hang.
 */
import { Composer, LineCounter, Parser, isAlias, isMap, isScalar, isSeq, visit, type CST, type Document, type Node, type YAMLError } from 'yaml';
import { describeValue } from './describe.js';
import { SourcePositions } from './positions.js';
import type { Problems } from './problems.js';

/** yaml parses ~1 MB/s; real stack files are a few KB. */
export const MAX_CONFIG_BYTES = 512 * 1024;

/**
 * Far deeper than any stack file (≈6 levels). yaml composes recursively; past a few
 * thousand levels it overflows the stack and can then run out of memory, so deeper
 * documents are refused from the (iterative) parser's output before composing.
 */
const MAX_NESTING = 64;

/** Per anchor: uses × aliases inside it. yaml's default; legitimate files stay far below. */
const MAX_ALIAS_COUNT = 100;

/**
 * Syntax errors cascade: after the first few, yaml reports one per token (hundreds of
 * thousands for a garbled file), which would drown the ones that matter.
 */
const MAX_YAML_ERRORS = 10;

export interface ParsedYaml {
  data: Record<string, unknown>;
  positions: SourcePositions;
}

export function parseYaml(source: string, problems: Problems): ParsedYaml | undefined {
  if (source.length > MAX_CONFIG_BYTES) {
    problems.add({ ...documentLevel(problems), message: tooLarge(source.length) });
    return undefined;
  }

  const lineCounter = new LineCounter();
  const tokens = [...new Parser(lineCounter.addNewLine).parse(source)];
  const tooDeep = deeperThan(tokens, MAX_NESTING);
  if (tooDeep !== undefined) {
    const { line, col } = lineCounter.linePos(tooDeep);
    problems.add({ file: problems.file, line, col, path: '', message: `is nested more than ${MAX_NESTING} levels deep` });
    return undefined;
  }

  // What yaml's parseDocument does, on tokens already parsed. uniqueKeys: yaml's own
  // check is quadratic in the size of a map; duplicateKeys() below is not.
  // logLevel 'error': no console warnings (e.g. about collection keys).
  const composer = new Composer({ merge: true, logLevel: 'error', uniqueKeys: false });
  const [doc, second] = withoutStackTraces(() => [...composer.compose(tokens, true, source.length)]);
  if (!doc) throw new Error('yaml composed no document');
  const positions = new SourcePositions(doc, lineCounter, source);
  problems.usePositions(positions);
  if (second) {
    problems.add({
      file: problems.file,
      ...positions.offsetPosition(second.range[0]),
      path: '',
      message: 'holds more than one YAML document (a second ---); a stack file is one document',
    });
  }

  const reported = new Set<string>();
  let shown = 0;
  for (const error of doc.errors) {
    // A stack overflow yields one RESOURCE_EXHAUSTION per level; one line says it all.
    if (error.code === 'RESOURCE_EXHAUSTION' && reported.has(error.code)) continue;
    reported.add(error.code);
    if (++shown > MAX_YAML_ERRORS) break;
    const { line, col } = positions.offsetPosition(error.pos[0]);
    problems.add({ file: problems.file, line, col, path: '', message: yamlMessage(error) });
  }
  if (shown > MAX_YAML_ERRORS) {
    const { line, col } = positions.offsetPosition(doc.errors[doc.errors.length - 1]!.pos[0]);
    const more = doc.errors.length - MAX_YAML_ERRORS;
    problems.add({ file: problems.file, line, col, path: '', message: `invalid YAML: up to here, ${more} more syntax errors (fix the first ones, the rest often follow from them)` });
  }
  if (doc.errors.length > 0 || second) return undefined;
  for (const offset of duplicateKeys(doc)) {
    const key = source.slice(offset.start, offset.end).trim();
    problems.add({ file: problems.file, ...positions.offsetPosition(offset.start), path: '', message: `duplicate key '${key}'` });
  }

  // Aliases with no anchor before them and merge keys (<<) on something other than a map
  // only fail when the data is built; say where they are written first.
  const misused = misusedAliases(doc);
  for (const { offset, message } of misused) {
    problems.add({ file: problems.file, ...positions.offsetPosition(offset), path: '', message: `invalid YAML: ${message}` });
  }
  if (misused.length > 0) return undefined;

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // yaml throws a ReferenceError for alias bombs; RangeError is a stack overflow.
    if (error instanceof ReferenceError) {
      problems.at([], 'uses YAML aliases (*name) too many times; expanding them would exhaust memory', {
        hint: 'use fewer aliases, or repeat the values',
      });
      return undefined;
    }
    if (error instanceof RangeError) {
      problems.at([], 'is nested too deeply to read');
      return undefined;
    }
    throw error;
  }

  if (data === null || data === undefined) {
    problems.add({ ...documentLevel(problems), message: 'is empty', hint: 'it needs at least a services: map, e.g. services: { web: { command: "npm start" } }' });
    return undefined;
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    problems.at([], `expected a map with services: at the top level, got ${describeValue(data)}`);
    return undefined;
  }
  return { data: data as Record<string, unknown>, positions };
}

/** "is 600 KB; a stack file can be at most 512 KB" */
export function tooLarge(bytes: number): string {
  return `is ${Math.round(bytes / 1024)} KB; a stack file can be at most ${MAX_CONFIG_BYTES / 1024} KB`;
}

function documentLevel(problems: Problems) {
  return { file: problems.file, line: 0, col: 0, path: '' };
}

function yamlMessage(error: YAMLError): string {
  switch (error.code) {
    case 'RESOURCE_EXHAUSTION':
      return 'is nested too deeply to parse';
    default:
      return `invalid YAML: ${lowerFirst(error.message)}`;
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Source ranges of keys that repeat an earlier key of the same map. */
function duplicateKeys(doc: Document): Array<{ start: number; end: number }> {
  const found: Array<{ start: number; end: number }> = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || typeof pair.key.value === 'symbol' || !pair.key.range) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) found.push({ start: pair.key.range[0], end: pair.key.range[1] });
        seen.add(key);
      }
    },
  });
  return found;
}

/**
 * Aliases that name no earlier anchor, and merge keys whose value is not a map (or a list
 * of maps). One pass in document order, keeping the anchors seen so far: yaml's own
 * Alias.resolve() walks the whole document for each alias, quadratic in a big file.
 */
function misusedAliases(doc: Document): Array<{ offset: number; message: string }> {
  const found: Array<{ offset: number; message: string }> = [];
  const anchors = new Map<string, Node>();
  const define = (node: Node): void => {
    if (node.anchor) anchors.set(node.anchor, node);
  };
  const resolved = (node: unknown): unknown => (isAlias(node) ? anchors.get(node.source) : node);
  visit(doc, {
    Map: (_, node) => define(node),
    Seq: (_, node) => define(node),
    Scalar: (_, node) => define(node),
    Alias(_, alias) {
      if (!anchors.has(alias.source)) {
        found.push({ offset: alias.range?.[0] ?? 0, message: `*${alias.source} refers to no anchor; write &${alias.source} on a value before it` });
      }
    },
    Pair(_, pair) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'symbol') return;
      const value = resolved(pair.value);
      const sources = isSeq(value) ? value.items.map(resolved) : [value];
      if (sources.every((source) => isMap(source))) return;
      const offset = (pair.value as Node | null)?.range?.[0] ?? pair.key.range?.[0] ?? 0;
      found.push({ offset, message: 'a merge key (<<) takes a map, an alias of a map, or a list of them' });
    },
  });
  return found;
}

/** Offset of the first node nested deeper than `max`, walking the CST without recursion. */
function deeperThan(tokens: CST.Token[], max: number): number | undefined {
  const stack: Array<[CST.Token | null | undefined, number]> = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (!token) continue;
    if (depth > max) return token.offset;
    if (token.type === 'document') stack.push([token.value, depth]);
    else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (const item of token.items as CST.CollectionItem[]) stack.push([item.key, depth + 1], [item.value, depth + 1]);
    }
  }
  return undefined;
}

/**
 * yaml makes an Error per syntax problem, and a garbled file has one per token: with
 * stack traces captured, 190k of them took 1.8 s of a 2.9 s parse (config fuzzer). Only
 * their positions and messages are used.
 */
function withoutStackTraces<T>(work: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return work();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
