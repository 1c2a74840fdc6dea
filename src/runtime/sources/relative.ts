/**
 * Paths the way the sources code keeps them: relative to a service's cwd, with `/`
 * separators on every platform ('' for cwd itself).
 */
import path from 'node:path';

const SEP = path.sep;
const SEP_CODE = SEP.charCodeAt(0);
const SLASH_CODE = 47;

/** `absPath` relative to `root` with `/` separators; '' for root itself, null outside it. */
export function relativeTo(root: string, absPath: string): string | null {
  // Walkers and watchers hand us the root, a separator, the rest (fdir adds a trailing
  // separator to directories): sliced without path.relative, which resolves both paths.
  let end = absPath.length;
  while (end > root.length && isSeparator(absPath.charCodeAt(end - 1))) end--;
  if (absPath.startsWith(root)) {
    if (end === root.length) return '';
    const from = isSeparator(root.charCodeAt(root.length - 1)) ? root.length : root.length + 1;
    if (from === root.length || isSeparator(absPath.charCodeAt(root.length))) {
      const rel = absPath.slice(from, end);
      return SEP === '/' ? rel : toPosix(rel);
    }
  }
  const rel = path.relative(root, path.resolve(absPath));
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith(`..${SEP}`) || path.isAbsolute(rel)) return null;
  return toPosix(rel);
}

function isSeparator(code: number): boolean {
  return code === SEP_CODE || code === SLASH_CODE;
}

export function toPosix(p: string): string {
  return SEP === '/' ? p : p.split(SEP).join('/');
}
