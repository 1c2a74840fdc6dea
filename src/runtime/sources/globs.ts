/**
 * A service's `watch` globs (relative to its cwd) compiled once: which files they match,
 * and which directories can hold a match at all, so a walk skips the rest unread.
 * Paths here are relative to cwd with `/` separators; '' is cwd itself.
 */
import picomatch from 'picomatch';

export interface WatchGlobs {
  matches(relPath: string): boolean;
  /** False when no file under this directory can match: the walk need not enter it. */
  mayContain(relDir: string): boolean;
}

const NOTHING = (): boolean => false;

export function compileWatchGlobs(globs: readonly string[]): WatchGlobs {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const raw of globs) {
    const negated = raw.startsWith('!');
    const glob = normalize(negated ? raw.slice(1) : raw);
    if (glob === '') continue;
    (negated ? exclude : include).push(glob);
  }
  // Only exclusions (`['!dist/**']`) mean "everything but these".
  if (include.length === 0) include.push('**');

  const options = { dot: true };
  const included = picomatch(withContents(include), options);
  const excluded = exclude.length > 0 ? picomatch(withContents(exclude), options) : NOTHING;
  const bases = include.map(baseOf);
  const everywhere = bases.includes('');

  // The default, `**`, matches every path: no regular expression needed.
  const all = include.includes('**') && exclude.length === 0;
  return {
    matches: all ? () => true : (relPath) => included(relPath) && !excluded(relPath),
    mayContain(relDir) {
      if (relDir === '') return true;
      if (excluded(relDir)) return false;
      return everywhere || bases.some((base) => isWithin(relDir, base) || isWithin(base, relDir));
    },
  };
}

/** `./src/` → `src`; a leading `/` means cwd, as in .gitignore. */
function normalize(glob: string): string {
  return glob.trim().replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
}

/** A pattern naming a directory (`src`, as nodemon and chokidar users write it) also means everything in it. */
function withContents(globs: string[]): string[] {
  return globs.flatMap((glob) => (glob.endsWith('**') ? [glob] : [glob, `${glob}/**`]));
}

/** The literal directory a glob is rooted in ('' when it can match anywhere). */
function baseOf(glob: string): string {
  const { base, isGlob } = picomatch.scan(glob);
  return isGlob ? base : glob;
}

function isWithin(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}
