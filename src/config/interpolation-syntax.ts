/**
 * The interpolation grammar of string values: `${NAME}`, `${NAME:-default}` (default
 * used when NAME is unset or empty, as in the shell; defaults may nest), `$$` for a
 * literal `$`. A `$` followed by anything else stays as it is, so `$HOME` in a shell
 * command and `^ready$` in a log pattern pass through untouched.
 *
 * What a name means is the caller's business (see interpolate.ts); this file only parses.
 */
/**
 * What a name resolves to: a value; or missing, with the sentence to report; or
 * unresolved, when the cause is reported elsewhere (e.g. the invalid port it points at).
 */
export type Lookup = { value: string } | { missing: string; hint?: string } | { unresolved: true };

export interface InterpolationError {
  message: string;
  hint?: string;
  /** The reference as written, e.g. "${DB_HOST}", to locate it in the file. */
  token: string;
}

export interface Interpolated {
  value: string;
  errors: InterpolationError[];
  /** Some reference did not resolve, whether or not it produced an error here. */
  incomplete: boolean;
}

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `<service>.<property>`; only `.port` exists, the resolver says so for others. */
const SERVICE_PROPERTY = /^[a-z0-9][a-z0-9_-]*\.[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_NESTING = 8;

interface State {
  lookup: (name: string) => Lookup;
  errors: InterpolationError[];
  incomplete: boolean;
}

export function interpolate(input: string, lookup: (name: string) => Lookup): Interpolated {
  const state: State = { lookup, errors: [], incomplete: false };
  const value = expand(input, state, 0);
  return { value, errors: state.errors, incomplete: state.incomplete || state.errors.length > 0 };
}

function expand(input: string, state: State, depth: number): string {
  if (!input.includes('$')) return input;
  let out = '';
  let i = 0;
  while (i < input.length) {
    const next = input.indexOf('$', i);
    if (next < 0) {
      out += input.slice(i);
      break;
    }
    out += input.slice(i, next);
    const after = input[next + 1];
    if (after === '$') {
      out += '$';
      i = next + 2;
    } else if (after === '{') {
      const end = closingBrace(input, next + 2);
      if (end < 0) {
        const token = input.slice(next, next + 2);
        state.errors.push({ message: `'${clipToken(input.slice(next))}' has no closing }`, hint: 'write $$ for a literal $', token });
        return out + input.slice(next);
      }
      const token = input.slice(next, end + 1);
      out += reference(input.slice(next + 2, end), token, state, depth);
      i = end + 1;
    } else {
      out += '$';
      i = next + 1;
    }
  }
  return out;
}

function reference(inner: string, token: string, state: State, depth: number): string {
  const { errors } = state;
  const separator = inner.indexOf(':-');
  const name = separator < 0 ? inner : inner.slice(0, separator);
  const fallback = separator < 0 ? undefined : inner.slice(separator + 2);
  if (!VARIABLE.test(name) && !SERVICE_PROPERTY.test(name)) {
    errors.push({
      message: name === '' ? `'${token}' names no variable` : `'${clipToken(token)}' is not a valid reference`,
      hint: 'write ${NAME}, ${NAME:-default} or ${service.port}',
      token,
    });
    return '';
  }
  const found = state.lookup(name);
  if ('value' in found && (fallback === undefined || found.value !== '')) return found.value;
  if (fallback !== undefined) {
    if (depth >= MAX_NESTING) {
      errors.push({ message: `'${clipToken(token)}' nests defaults too deeply`, token });
      return '';
    }
    return expand(fallback, state, depth + 1);
  }
  state.incomplete = true;
  if ('missing' in found) {
    errors.push(found.hint === undefined ? { message: found.missing, token } : { message: found.missing, hint: found.hint, token });
  }
  return '';
}

/** Index of the `}` closing a `${` whose body starts at `start`, counting nested `${…}`. */
function closingBrace(input: string, start: number): number {
  let depth = 1;
  for (let j = start; j < input.length; j++) {
    const c = input[j];
    if (c === '$' && (input[j + 1] === '{' || input[j + 1] === '$')) {
      if (input[j + 1] === '{') depth++;
      j++;
    } else if (c === '}') {
      depth--;
      if (depth === 0) return j;
    }
  }
  return -1;
}

function clipToken(token: string): string {
  return token.length > 40 ? `${token.slice(0, 37)}...` : token;
}
