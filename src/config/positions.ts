/**
 * Key path → line:col, by walking the YAML AST the way the data was built: through
 * aliases and `<<` merge keys. Type errors point at the value, unknown keys at the key.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

export type PathSegment = string | number;
export type KeyPath = readonly PathSegment[];

export interface Position {
  /** 1-based; 0 when there is no position. */
  line: number;
  col: number;
}

export const NO_POSITION: Position = { line: 0, col: 0 };

/** Merge keys can chain (`<<: *a` where a has its own `<<`); a hostile file can make them loop. */
const MAX_MERGE_DEPTH = 16;

interface Found {
  key: Node | undefined;
  value: Node | undefined;
}

export class SourcePositions {
  constructor(
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
    private readonly source: string,
  ) {}

  /** Where the value at `path` is written, or its key when asked or when it has no value. */
  locate(path: KeyPath, at: 'key' | 'value' = 'value'): Position {
    const found = this.find(path);
    const node = at === 'key' ? (found.key ?? found.value) : (found.value ?? found.key);
    return this.positionOf(node);
  }

  /** Where `needle` (e.g. "${DB_HOST}") is written inside the scalar at `path`; else the scalar. */
  locateText(path: KeyPath, needle: string): Position {
    const node = this.find(path).value;
    if (node && isScalar(node) && node.range) {
      const index = this.source.slice(node.range[0], node.range[1]).indexOf(needle);
      if (index >= 0) return this.offsetPosition(node.range[0] + index);
    }
    return this.locate(path);
  }

  /** The text of a number or boolean scalar as written ("1.10", not 1.1), for env values. */
  scalarSource(path: KeyPath): string | undefined {
    const node = this.find(path).value;
    return node && isScalar(node) && typeof node.source === 'string' ? node.source : undefined;
  }

  offsetPosition(offset: number): Position {
    const { line, col } = this.lineCounter.linePos(offset);
    return { line, col };
  }

  private positionOf(node: Node | undefined): Position {
    if (node?.range) return this.offsetPosition(node.range[0]);
    const contents = this.doc.contents;
    return contents?.range ? this.offsetPosition(contents.range[0]) : NO_POSITION;
  }

  /** The deepest key and value nodes along `path` (the path may stop early). */
  private find(path: KeyPath): Found {
    let key: Node | undefined;
    let value: Node | undefined = (this.doc.contents as Node | null) ?? undefined;
    for (const segment of path) {
      const container = this.resolve(value);
      if (isMap(container)) {
        const pair = findPair(container.items as Pair[], String(segment), this.doc, 0);
        if (!pair) break;
        key = asNode(pair.key);
        value = asNode(pair.value);
      } else if (isSeq(container)) {
        const item = asNode(container.items[Number(segment)]);
        if (!item) break;
        key = item;
        value = item;
      } else {
        break;
      }
    }
    return { key, value: value && isAlias(value) ? (this.resolve(value) ?? value) : value };
  }

  private resolve(node: Node | undefined): Node | undefined {
    if (!node || !isAlias(node)) return node;
    return asNode(node.resolve(this.doc));
  }
}

function findPair(items: Pair[], key: string, doc: Document, depth: number): Pair | undefined {
  const direct = items.find((pair) => isScalar(pair.key) && !isMergeKey(pair) && String(pair.key.value) === key);
  if (direct || depth > MAX_MERGE_DEPTH) return direct;
  for (const pair of items) {
    if (!isMergeKey(pair)) continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const map = isAlias(source) ? source.resolve(doc) : source;
      if (!isMap(map)) continue;
      const found = findPair(map.items as Pair[], key, doc, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** With `merge: true`, yaml parses a plain `<<` key as a scalar whose value is a symbol. */
function isMergeKey(pair: Pair): boolean {
  return isScalar(pair.key) && typeof pair.key.value === 'symbol';
}

function asNode(value: unknown): Node | undefined {
  return value !== null && typeof value === 'object' && 'range' in value ? (value as Node) : undefined;
}
