/**
 * Runs the zod schema and turns its issues into problems a person can act on: a
 * position, the key path, what was expected, and a "did you mean" where one helps.
 */
import type * as z from 'zod';
import { isPlainMap } from './strip-extensions.js';
import type { KeyPath, PathSegment } from './positions.js';
import type { Problems } from './problems.js';
import { stackFileSchema, type StackFile } from './schema.js';
import { closest, didYouMean } from './suggest.js';

type Issue = z.core.$ZodIssue;

/**
 * The parsed file, or undefined when the schema found problems (all reported).
 * Issues at `skip` paths are dropped: their value already failed to interpolate.
 */
export function validate(
  data: Record<string, unknown>,
  problems: Problems,
  skip: (path: KeyPath) => boolean,
): StackFile | undefined {
  const reserved = reportReservedKeys(data, problems);
  const result = stackFileSchema.safeParse(data, { reportInput: true });
  if (result.success) return reserved ? undefined : result.data;
  const ctx: Context = { data, problems, skip };
  for (const issue of result.error.issues) report(issue, [], ctx);
  return undefined;
}

interface Context {
  data: Record<string, unknown>;
  problems: Problems;
  skip: (path: KeyPath) => boolean;
}

function report(issue: Issue, prefix: KeyPath, ctx: Context): void {
  const path: PathSegment[] = [...prefix, ...issue.path.map((s) => (typeof s === 'number' ? s : String(s)))];
  if (ctx.skip(path)) return;

  switch (issue.code) {
    case 'unrecognized_keys':
      for (const key of issue.keys) {
        ctx.problems.at([...path, key], `unknown key '${key}'`, { at: 'key', hint: didYouMean(key, knownKeys(path)) });
      }
      return;
    case 'invalid_key':
      ctx.problems.at(path, issue.issues[0]?.message ?? issue.message, { at: 'key' });
      return;
    case 'invalid_union': {
      // Report the inner problems of the one alternative whose type matched (e.g. the
      // list form of `command` with a bad item), else the union's own sentence.
      const input = valueAt(ctx.data, path);
      const matched = issue.errors.filter((branch) => !branch.every((i) => isTypeMismatch(i, input)));
      if (matched.length === 1) {
        for (const inner of matched[0]!) report(inner, path, ctx);
        return;
      }
      break;
    }
    case 'invalid_value': {
      const input = valueAt(ctx.data, path);
      if (typeof input === 'string') {
        const options = issue.values.filter((v): v is string => typeof v === 'string');
        ctx.problems.at(path, issue.message, { hint: didYouMean(input, options) });
        return;
      }
      break;
    }
    default:
      break;
  }

  const last = path[path.length - 1];
  if (last !== undefined && isMissing(ctx.data, path)) {
    // `comand: …` is reported as an unknown key with "did you mean 'command'?"; saying
    // that command is missing as well would be noise.
    const typo = Object.keys(asMap(valueAt(ctx.data, path.slice(0, -1)))).some((k) => closest(k, [String(last)]) !== undefined);
    if (!typo) ctx.problems.at(path.slice(0, -1), `missing required key '${String(last)}'`, { at: 'key' });
    return;
  }
  ctx.problems.at(path, issue.message, { hint: hintOf(issue) });
}

/** A field schema's own "did you mean" (fields.ts puts it in a custom issue's params). */
function hintOf(issue: Issue): string | undefined {
  if (issue.code !== 'custom') return undefined;
  const hint: unknown = issue.params?.hint;
  return typeof hint === 'string' ? hint : undefined;
}

/** zod's records skip a "__proto__" key silently; a service or variable must not vanish. */
function reportReservedKeys(data: Record<string, unknown>, problems: Problems): boolean {
  const maps: Array<[KeyPath, unknown]> = [
    [['services'], data.services],
    [['env'], data.env],
  ];
  for (const [name, service] of Object.entries(asMap(data.services))) {
    if (isPlainMap(service)) maps.push([['services', name, 'env'], service.env], [['services', name, 'depends_on'], service.depends_on]);
  }
  let found = false;
  for (const [path, map] of maps) {
    if (isPlainMap(map) && Object.hasOwn(map, '__proto__')) {
      problems.at([...path, '__proto__'], "'__proto__' cannot be used as a name", { at: 'key' });
      found = true;
    }
  }
  return found;
}

/** The alternative rejected the value's type outright (a map where an enum string was expected). */
function isTypeMismatch(issue: Issue, input: unknown): boolean {
  if (issue.path.length > 0) return false;
  if (issue.code === 'invalid_type') return true;
  return issue.code === 'invalid_value' && !issue.values.some((v) => typeof v === typeof input);
}

function valueAt(data: unknown, path: KeyPath): unknown {
  let value = data;
  for (const segment of path) {
    if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
    else if (isPlainMap(value) && Object.hasOwn(value, segment)) value = value[segment];
    else return undefined;
  }
  return value;
}

function asMap(value: unknown): Record<string, unknown> {
  return isPlainMap(value) ? value : {};
}

function isMissing(data: unknown, path: KeyPath): boolean {
  const parent = valueAt(data, path.slice(0, -1));
  return isPlainMap(parent) && !Object.hasOwn(parent, String(path[path.length - 1]));
}

/** zod schemas seen through their definitions; enough to find an object's keys by path. */
interface SchemaDef {
  type: string;
  shape?: Record<string, Schema>;
  valueType?: Schema;
  element?: Schema;
  options?: Schema[];
  innerType?: Schema;
  in?: Schema;
}
interface Schema {
  _zod: { def: SchemaDef };
}

/** The keys an object at `path` may have, read from the schema itself. */
export function knownKeys(path: KeyPath): string[] {
  return keysAt(stackFileSchema as unknown as Schema, path);
}

function keysAt(schema: Schema, path: KeyPath): string[] {
  const def = unwrap(schema)._zod.def;
  if (def.type === 'union') return [...new Set((def.options ?? []).flatMap((o) => keysAt(o, path)))];
  if (path.length === 0) return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
  const [head, ...rest] = path;
  if (def.type === 'object' && def.shape && Object.hasOwn(def.shape, String(head))) return keysAt(def.shape[String(head)]!, rest);
  if (def.type === 'record' && def.valueType) return keysAt(def.valueType, rest);
  if (def.type === 'array' && def.element) return keysAt(def.element, rest);
  return [];
}

function unwrap(schema: Schema): Schema {
  let s = schema;
  for (let i = 0; i < 16; i++) {
    const def = s._zod.def;
    const inner = def.type === 'pipe' ? def.in : def.innerType;
    if (!inner) return s;
    s = inner;
  }
  return s;
}
