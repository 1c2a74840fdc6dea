/** How a value from stack.yaml is named in messages: `got a number (42)`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `"${clip(value)}"`;
  if (typeof value === 'number') return `a number (${value})`;
  if (typeof value === 'boolean') return `a boolean (${value})`;
  if (Array.isArray(value)) return 'a list';
  // Explicit YAML tags (!!timestamp, !!binary, !!set) make values that are not plain maps.
  if (value instanceof Date) return 'a date';
  if (value instanceof Uint8Array) return 'binary data';
  if (value instanceof Set || value instanceof Map) return 'a set';
  if (typeof value === 'object') return 'a map';
  return typeof value;
}

/** Longer inputs are cut before the whitespace is folded: the fold's regex is quadratic on long runs of spaces. */
const CLIP_WINDOW = 256;

export function clip(text: string, max = 60): string {
  const head = text.length > max + CLIP_WINDOW ? text.slice(0, max + CLIP_WINDOW) : text;
  const oneLine = head.replace(/\s*\n\s*/g, ' ');
  return oneLine.length > max || head !== text ? `${oneLine.slice(0, max - 3)}...` : oneLine;
}

/** "a, b or c" */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
